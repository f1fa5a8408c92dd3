import type { EvolutionOptions } from '@app/core/config.types';
import { parseEvolutionSettings } from '@app/platforms/chatwoot/chatwoot.mapper';
import { CHATWOOT_ROUTES, EVOLUTION_LICENSE_REQUIRED } from '@app/platforms/chatwoot/chatwoot.options';
import type { EvolutionChatwootSettings } from '@app/platforms/chatwoot/chatwoot.types';
import type { PlatformHttpClient, PlatformRequest } from '@app/platforms/http/platform-http-client';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';

export interface EvolutionClientParams {
  /** Errors are reported under the Chatwoot connector that Evolution feeds. */
  connectorId: string;
  options: EvolutionOptions;
  /** Its own base URL and the `apikey` header. */
  http: PlatformHttpClient;
  /** The Chatwoot token inside the settings is a secret too. */
  registerSecret: (value: string) => void;
}

const SERVICE_UNAVAILABLE = 503;

/** Evolution API's Chatwoot integration endpoints. */
export class EvolutionClient {
  constructor(private readonly params: EvolutionClientParams) {}

  private get path(): string {
    return encodeURIComponent(this.params.options.instance);
  }

  async findChatwootSettings(): Promise<EvolutionChatwootSettings> {
    const route = CHATWOOT_ROUTES.evolutionFind;
    const data = await this.send({
      method: 'GET',
      url: `/chatwoot/find/${this.path}`,
      route,
      idempotent: true,
    });
    const settings = parseEvolutionSettings(data, { connectorId: this.params.connectorId, route });
    if (typeof settings.token === 'string' && settings.token !== '') {
      this.params.registerSecret(settings.token);
    }
    return settings;
  }

  /** Same body, same result: safe to repeat. */
  async setChatwootSettings(body: Record<string, unknown>): Promise<void> {
    await this.send({
      method: 'POST',
      url: `/chatwoot/set/${this.path}`,
      data: body,
      route: CHATWOOT_ROUTES.evolutionSet,
      idempotent: true,
    });
  }

  close(): Promise<void> {
    return this.params.http.close();
  }

  // A 503 is read here rather than retried: LICENSE_REQUIRED (2.4.0) lasts until an admin
  // activates the licence, so it is a configuration problem with its own message.
  private async send(request: PlatformRequest): Promise<unknown> {
    const response = await this.params.http.request<unknown>({
      ...request,
      validateStatus: (status) => (status >= 200 && status < 300) || status === SERVICE_UNAVAILABLE,
    });
    if (response.status !== SERVICE_UNAVAILABLE) {
      return response.data;
    }
    const licence = JSON.stringify(response.data ?? '').includes(EVOLUTION_LICENSE_REQUIRED);
    throw new PlatformError({
      code: licence ? PlatformErrorCode.CONFIG : PlatformErrorCode.TEMPORARY,
      connectorId: this.params.connectorId,
      status: SERVICE_UNAVAILABLE,
      platformCode: licence ? EVOLUTION_LICENSE_REQUIRED : undefined,
      message: licence
        ? `${request.route} answered 503 ${EVOLUTION_LICENSE_REQUIRED}: the Evolution API licence is not activated`
        : `${request.route} answered HTTP 503`,
    });
  }
}
