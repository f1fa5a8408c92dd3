import { emptyResponse, jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { SimResponse } from '@app/simulator/framework/simulator.types';
import { setMemberStatus } from '@app/simulator/tencent-chat/tencent-desk.handlers';
import { codeForStatus, envelope, fail, jsonObject } from '@app/simulator/tencent-chat/tencent-envelope';
import * as im from '@app/simulator/tencent-chat/tencent-im.handlers';
import { TencentState } from '@app/simulator/tencent-chat/tencent-state';
import { tencentUserSigGuard } from '@app/simulator/tencent-chat/tencent-usersig.guard';
import {
  TENCENT_ROUTES,
  type TencentAccount,
  type TencentDeskMember,
  type TencentEdition,
  type TencentErrorInjection,
  type TencentOnlineState,
  type TencentRouteKey,
  type TencentSeed,
  type TencentSimulatorOptions,
} from '@app/simulator/tencent-chat/tencent.types';

type Handler = (body: Record<string, unknown>) => SimResponse;

/**
 * Tencent Cloud Chat server REST API and Desk member status: every call is
 * checked for an admin UserSig and answered HTTP 200 with the envelope, errors included.
 */
export class TencentChatSimulator extends SimulatorServer {
  private readonly state = new TencentState();
  private readonly admins: ReadonlySet<string>;
  private edition: TencentEdition;

  constructor(private readonly options: TencentSimulatorOptions) {
    super(options);
    this.admins = new Set(options.admins ?? ['administrator']);
    this.edition = options.edition ?? 'trial';
    this.seedAdmins();
    const desk = { desk: options.desk ?? false, restReasons: options.restReasons ?? [] };
    const field = options.onlineStatusField ?? 'State';

    this.command(TENCENT_ROUTES.accountImport, (body) => im.accountImport(this.state, body), true);
    this.command(TENCENT_ROUTES.multiaccountImport, (body) => im.multiaccountImport(this.state, body), true);
    this.command(TENCENT_ROUTES.accountCheck, (body) => im.accountCheck(this.state, body), false);
    this.command(
      TENCENT_ROUTES.accountDelete,
      (body) => im.accountDelete(this.state, body, this.edition),
      true,
    );
    this.command(TENCENT_ROUTES.kick, (body) => im.kick(this.state, body), true);
    this.command(
      TENCENT_ROUTES.queryOnlineStatus,
      (body) => im.queryOnlineStatus(this.state, body, field),
      false,
    );
    this.command(TENCENT_ROUTES.portraitSet, (body) => im.portraitSet(this.state, body), true);
    this.command(TENCENT_ROUTES.portraitGet, (body) => im.portraitGet(this.state, body), false);
    this.command(TENCENT_ROUTES.setMemberStatus, (body) => setMemberStatus(this.state, body, desk), true);

    this.controlRoute('POST', '/seed', ({ body }) => {
      this.seed(body as TencentSeed);
      return emptyResponse(204);
    });
    this.controlRoute('GET', '/accounts', () => jsonResponse(this.accounts()));
    this.controlRoute('GET', '/desk-members', () => jsonResponse(this.deskMembers()));
    this.controlRoute('POST', '/errors', ({ body }) => {
      this.injectError(body as TencentErrorInjection);
      return emptyResponse(204);
    });
    this.controlRoute('POST', '/reset', () => {
      this.reset();
      return emptyResponse(204);
    });
  }

  seed(seed: TencentSeed): void {
    this.state.seed(seed);
  }

  accounts(): TencentAccount[] {
    return this.state.accountList();
  }

  account(userId: string): TencentAccount | undefined {
    return this.state.account(userId);
  }

  deskMembers(): TencentDeskMember[] {
    return this.state.memberList();
  }

  deskMember(email: string): TencentDeskMember | undefined {
    return this.state.member(email);
  }

  kickCount(userId: string): number {
    return this.state.account(userId)?.kicks ?? 0;
  }

  setOnlineState(userId: string, state: TencentOnlineState): void {
    this.state.setOnlineState(userId, state);
  }

  setEdition(edition: TencentEdition): void {
    this.edition = edition;
  }

  /** The next calls of a route answer `code` in the envelope (HTTP 200), e.g. 60018, 70001, 70500. */
  injectError({ route, code, times, info, phase }: TencentErrorInjection): void {
    this.inject({ kind: 'status', status: 200, body: envelope(code, info), route, times, phase });
  }

  /** Back to an app holding only its admins: state, counters, request log and faults. */
  reset(): void {
    this.state.reset();
    this.seedAdmins();
    this.resetCounters();
    this.clearFaults();
  }

  protected override errorResponse(status: number, message: string): SimResponse {
    return fail(codeForStatus(status), message);
  }

  // Tencent answers a rate limit with 200 and 60018, never with a 429.
  protected override rateLimitedResponse(): SimResponse {
    return fail(60018);
  }

  private command(route: TencentRouteKey, handler: Handler, write: boolean): void {
    const guard = tencentUserSigGuard({
      sdkAppId: this.options.sdkAppId,
      secretKey: this.options.secretKey,
      admins: this.admins,
      now: this.options.now ?? Date.now,
    });
    const path = route.slice('POST '.length);
    // The guard has already checked that the body is a JSON object.
    this.route('POST', path, (req) => handler(jsonObject(req) ?? {}), { guard, write });
  }

  private seedAdmins(): void {
    this.state.seed({ accounts: [...this.admins].map((userId) => ({ userId })) });
  }
}
