import type { ChatHubConnectorConfig } from '@app/core/config.types';
import type { PlatformHttpClient, PlatformRequest } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import { parseOperators, parseToken } from '@app/platforms/smsbat-chathub/smsbat-chathub.mapper';
import type {
  ChatHubOperator,
  ChatHubOrganization,
  ChatHubStatusCode,
  ChatHubSynchronizeItem,
} from '@app/platforms/smsbat-chathub/smsbat-chathub.types';

export interface ChatHubClientParams {
  config: ChatHubConnectorConfig;
  http: PlatformHttpClient;
  /** Tokens obtained at run time are secrets too. */
  registerSecret: (value: string) => void;
}

/** SMSBat ChatHub REST calls. Knows auth and shapes; knows nothing about operators' desired state. */
export class ChatHubClient {
  private token?: string;

  constructor(private readonly params: ChatHubClientParams) {
    this.token = params.config.auth.companyToken;
  }

  private get connectorId(): string {
    return this.params.config.id;
  }

  async listOrganizations(): Promise<ChatHubOrganization[]> {
    const response = await this.send<ChatHubOrganization[]>({
      method: 'GET',
      url: '/api/company/organization',
      route: 'GET /api/company/organization',
      idempotent: true,
    });
    return Array.isArray(response) ? response : [];
  }

  async listOperators(organizationId: number): Promise<ChatHubOperator[]> {
    const route = 'GET /api/operator';
    // The docs ask for text/plain on GETs; the body is JSON all the same.
    const data = await this.send<unknown>({
      method: 'GET',
      url: '/api/operator',
      params: { organizationId },
      headers: { Accept: 'text/plain' },
      route,
      idempotent: true,
    });
    return parseOperators(data, this.connectorId, route);
  }

  /** Not idempotent: every item becomes a new operator, duplicates included. */
  async synchronize(items: ChatHubSynchronizeItem[]): Promise<ChatHubOperator[]> {
    const route = 'POST /api/operator/synchronize';
    const data = await this.send<unknown>({
      method: 'POST',
      url: '/api/operator/synchronize',
      data: items,
      route,
      idempotent: false,
    });
    return parseOperators(data, this.connectorId, route);
  }

  /** Answers 200 with an empty body. Setting the same status twice is harmless, so it may be retried. */
  async setStatus(id: number, status: ChatHubStatusCode): Promise<void> {
    await this.send({
      method: 'POST',
      url: '/api/operator/status',
      data: { id, status },
      route: 'POST /api/operator/status',
      idempotent: true,
    });
  }

  close(): Promise<void> {
    return this.params.http.close();
  }

  private async send<T>(request: PlatformRequest, reauthenticated = false): Promise<T> {
    const token = await this.currentToken();
    try {
      const response = await this.params.http.request<T>({
        ...request,
        headers: { ...request.headers, Authorization: `Bearer ${token}` },
      });
      return response.data;
    } catch (error) {
      // A company token obtained with login/password expires with a 401: log in again, once.
      const expired =
        isPlatformError(error) && error.code === PlatformErrorCode.AUTH_FAILED && error.status === 401;
      if (expired && this.usesLogin() && !reauthenticated) {
        this.token = undefined;
        return this.send<T>(request, true);
      }
      throw error;
    }
  }

  private usesLogin(): boolean {
    return this.params.config.auth.companyToken === undefined;
  }

  private async currentToken(): Promise<string> {
    if (this.token) {
      return this.token;
    }
    const { login, password } = this.params.config.auth;
    const response = await this.params.http.request<unknown>({
      method: 'POST',
      url: '/api/company/get-token',
      data: { login, password },
      route: 'POST /api/company/get-token',
      idempotent: true,
    });
    const token = parseToken(response.data, this.connectorId);
    this.params.registerSecret(token);
    this.token = token;
    return token;
  }
}
