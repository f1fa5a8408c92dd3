import { InvalidRequestError, emptyResponse, jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';
import { chatHubCompanyGuard } from '@app/simulator/smsbat-chathub/chathub-auth.guard';
import { problemResponse } from '@app/simulator/smsbat-chathub/chathub-problem';
import {
  validateCompanyLogin,
  validateOperatorListQuery,
  validateOperatorTokenRequest,
  validateStatusChange,
  validateSynchronize,
  validateTokenCheck,
} from '@app/simulator/smsbat-chathub/chathub-request.validators';
import { ChatHubState } from '@app/simulator/smsbat-chathub/chathub-state';
import { ChatHubTokenStore } from '@app/simulator/smsbat-chathub/chathub-token-store';
import type {
  ChatHubCredentials,
  ChatHubOperator,
  ChatHubOperatorStatus,
  ChatHubSeed,
  ChatHubSimulatorOptions,
  ChatHubTokenResponseShape,
} from '@app/simulator/smsbat-chathub/chathub.types';

// Operator tokens "at most 24 h" ahead.
const OPERATOR_TOKEN_MAX_MS = 24 * 60 * 60 * 1000;
// Company tokens have "no explicit expiration"; the object shape still carries one.
const COMPANY_TOKEN_EXPIRATION_MS = 24 * 60 * 60 * 1000;

/** SMSBat ChatHub (https://chatapi.smsbat.com),. */
export class ChatHubSimulator extends SimulatorServer {
  private readonly state = new ChatHubState();
  private readonly tokens: ChatHubTokenStore;
  private readonly credentials: ChatHubCredentials[];
  private readonly now: () => Date;
  private tokenShape: ChatHubTokenResponseShape;

  constructor(options: ChatHubSimulatorOptions = {}) {
    super(options);
    this.tokens = new ChatHubTokenStore(options.companyKeys ?? []);
    this.credentials = options.credentials ?? [];
    this.now = options.now ?? (() => new Date());
    this.tokenShape = options.tokenResponseShape ?? 'string';
    const guard = chatHubCompanyGuard(this.tokens, this.now);

    this.route('POST', '/api/company/get-token', (req) => this.companyToken(req), {
      validate: validateCompanyLogin,
    });
    this.route('GET', '/api/company/organization', () => jsonResponse(this.state.organizationList()), {
      guard,
    });
    this.route('GET', '/api/operator', (req) => this.listOperators(req), {
      guard,
      validate: validateOperatorListQuery,
    });
    this.route('POST', '/api/operator/synchronize', (req) => this.synchronize(req), {
      guard,
      validate: validateSynchronize,
      write: true,
    });
    this.route('POST', '/api/operator/status', (req) => this.changeStatus(req), {
      guard,
      validate: validateStatusChange,
      write: true,
    });
    this.route('POST', '/api/operator/get-token', (req) => this.operatorToken(req), {
      guard,
      validate: validateOperatorTokenRequest,
    });
    this.route('POST', '/api/operator/validate-token', (req) => this.validateToken(req), {
      guard,
      validate: validateTokenCheck,
    });

    this.controlRoute('POST', '/seed', ({ body }) => {
      this.seed(body as ChatHubSeed);
      return emptyResponse(204);
    });
    this.controlRoute('GET', '/operators', () => jsonResponse(this.operators()));
    this.controlRoute('POST', '/expire-tokens', () => {
      this.expireIssuedTokens();
      return emptyResponse(204);
    });
    this.controlRoute('POST', '/reset', () => {
      this.reset();
      return emptyResponse(204);
    });
  }

  seed(seed: ChatHubSeed): void {
    this.state.seed(seed);
  }

  /** Deep copy of every operator, ordered by id. */
  operators(): ChatHubOperator[] {
    return this.state.operatorList();
  }

  /** Tokens from get-token (company and operator) answer 401 from now on; dashboard keys keep working. */
  expireIssuedTokens(): void {
    this.tokens.expireIssued();
  }

  setTokenResponseShape(shape: ChatHubTokenResponseShape): void {
    this.tokenShape = shape;
  }

  /** Back to an empty platform: state, issued tokens, counters, request log and faults. */
  reset(): void {
    this.state.reset();
    this.tokens.clear();
    this.resetCounters();
    this.clearFaults();
  }

  protected override errorResponse(status: number, message: string): SimResponse {
    return problemResponse(status, message);
  }

  private companyToken({ body }: SimRequest): SimResponse {
    const { login, password } = body as ChatHubCredentials;
    if (!this.credentials.some((c) => c.login === login && c.password === password)) {
      return problemResponse(401, 'invalid login or password');
    }
    const now = this.now();
    const token = this.tokens.issueCompany(login, now);
    // SMSBat's API overview documents {token, expiration}; its authentication page a bare JSON string.
    return this.tokenShape === 'object'
      ? jsonResponse({
          token,
          expiration: new Date(now.getTime() + COMPANY_TOKEN_EXPIRATION_MS).toISOString(),
        })
      : jsonResponse(token);
  }

  private listOperators({ query }: SimRequest): SimResponse {
    const organizationId = Number(query.organizationId);
    const organization = this.state.organization(organizationId);
    // An unknown organization lists nothing rather than 404: the help's troubleshooting for
    // "No Operators Returned" says "verify organizationId is correct" (SMSBat help, Operators).
    const operators = organization ? this.state.operatorList(organizationId) : [];
    // Deleted (status 2) operators are still listed: the docs count them in statistics.
    return jsonResponse(
      operators.map((op) => ({
        id: op.id,
        name: op.name,
        status: op.status,
        organization: { ...organization },
      })),
    );
  }

  private synchronize({ body }: SimRequest): SimResponse {
    const items = body as Array<{ organizationId: number; name: string }>;
    const unknown = [...new Set(items.map((i) => i.organizationId))].filter(
      (id) => !this.state.organization(id),
    );
    if (unknown.length > 0) {
      // Inferred: the docs only say "verify organizationId exists"; reject the whole batch.
      throw new InvalidRequestError([`unknown organizationId ${unknown.join(', ')}`]);
    }
    const created = this.state.create(items);
    return jsonResponse(created.map((op) => ({ id: op.id, name: op.name, status: op.status })));
  }

  private changeStatus({ body }: SimRequest): SimResponse {
    const { id, status } = body as { id: number; status: ChatHubOperatorStatus };
    if (!this.state.setStatus(id, status)) {
      return problemResponse(404, `operator ${id} not found`);
    }
    // "200 with an empty body": no JSON, not even `null`.
    return emptyResponse(200);
  }

  private operatorToken({ body }: SimRequest): SimResponse {
    const { id, expiresAt } = body as { id: number; expiresAt: string };
    const expires = new Date(expiresAt);
    const now = this.now();
    if (expires.getTime() <= now.getTime() || expires.getTime() - now.getTime() > OPERATOR_TOKEN_MAX_MS) {
      throw new InvalidRequestError(['expiresAt must be in the future and at most 24 h ahead']);
    }
    if (!this.state.operator(id)) {
      return problemResponse(404, `operator ${id} not found`);
    }
    return jsonResponse(this.tokens.issueOperator(id, expires, now));
  }

  private validateToken({ body }: SimRequest): SimResponse {
    const record = this.tokens.resolve((body as { token: string }).token);
    if (record?.kind !== 'operator') {
      return jsonResponse({ isValid: false, error: 'Invalid token' });
    }
    if (record.expired || record.expiresAt <= this.now()) {
      // SMSBat's authentication page shows "Token expired" for this case.
      return jsonResponse({ isValid: false, error: 'Token expired' });
    }
    // Shape as the API answers it; SMSBat's authentication page shows {valid, …} instead.
    return jsonResponse({
      isValid: true,
      operatorId: record.operatorId,
      clientId: 0,
      expiresAt: record.expiresAt.toISOString(),
      error: null,
    });
  }
}
