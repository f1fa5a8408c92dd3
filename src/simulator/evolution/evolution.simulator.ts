import type { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import { EvolutionForwarder } from '@app/simulator/evolution/evolution-forwarder';
import { validateChatwootSet } from '@app/simulator/evolution/evolution-request.validators';
import {
  type EvolutionChatwootSettingsRecord,
  type EvolutionInstanceSeed,
  type EvolutionSimulatorOptions,
  type ForwardCustomerMessageParams,
  type ForwardResult,
} from '@app/simulator/evolution/evolution.types';
import { jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { RouteGuard, SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';

interface Instance {
  name: string;
  token?: string;
  chatwoot?: EvolutionChatwootSettingsRecord;
}

// EVO prisma model Chatwoot defaults.
const DEFAULTS: EvolutionChatwootSettingsRecord = {
  enabled: true,
  accountId: '',
  token: '',
  url: '',
  nameInbox: '',
  signMsg: false,
  signDelimiter: null,
  number: null,
  reopenConversation: false,
  conversationPending: false,
  mergeBrazilContacts: false,
  importContacts: false,
  importMessages: false,
  daysLimitImportMessages: 0,
  autoCreate: false,
  organization: null,
  logo: null,
  ignoreJids: [],
};

/** Evolution API's Chatwoot integration: find, set and forwarding of customer messages. */
export class EvolutionSimulator extends SimulatorServer {
  private readonly instances = new Map<string, Instance>();
  private readonly forwarder?: EvolutionForwarder;
  private licenseRequired: boolean;

  constructor(private readonly options: EvolutionSimulatorOptions) {
    super(options);
    this.licenseRequired = options.licenseRequired ?? false;
    if (options.chatwoot) {
      this.forwarder = new EvolutionForwarder(options.chatwoot, options.now ?? Date.now);
    }
    this.route('GET', '/', () =>
      jsonResponse({
        status: 200,
        message: 'Welcome to the Evolution API, it is working!',
        version: '2.3.7',
      }),
    );
    this.route('GET', '/chatwoot/find/:instance', (req) => this.find(req), { guard: this.guard() });
    this.route('POST', '/chatwoot/set/:instance', (req) => this.set(req), {
      guard: this.guard(),
      validate: validateChatwootSet,
      write: true,
    });
  }

  seedInstance(seed: EvolutionInstanceSeed): void {
    this.instances.set(seed.name, {
      name: seed.name,
      token: seed.token,
      chatwoot: seed.chatwoot && { ...DEFAULTS, nameInbox: seed.name, ...seed.chatwoot },
    });
  }

  chatwootSettings(instance: string): EvolutionChatwootSettingsRecord | undefined {
    const settings = this.instances.get(instance)?.chatwoot;
    return settings && structuredClone(settings);
  }

  setLicenseRequired(required: boolean): void {
    this.licenseRequired = required;
  }

  /** A customer's WhatsApp message reaching Chatwoot through this instance. */
  forwardCustomerMessage(params: ForwardCustomerMessageParams): ForwardResult {
    if (!this.forwarder) {
      throw new Error(
        'EvolutionSimulator needs the ChatwootSimulator (options.chatwoot) to forward messages',
      );
    }
    if (this.licenseRequired) {
      throw new Error('Evolution is not licensed: nothing is forwarded');
    }
    const settings = this.instances.get(params.instance)?.chatwoot;
    if (!settings) {
      throw new Error(`instance ${params.instance} has no Chatwoot integration`);
    }
    return this.forwarder.forward(settings, params);
  }

  reset(): void {
    this.instances.clear();
    this.forwarder?.clear();
    this.resetCounters();
    this.clearFaults();
  }

  get chatwoot(): ChatwootSimulator | undefined {
    return this.options.chatwoot;
  }

  protected override errorResponse(status: number, message: string): SimResponse {
    return jsonResponse(
      { status, error: STATUS_TEXT[status] ?? 'Error', response: { message: [message] } },
      status,
    );
  }

  private find({ params }: SimRequest): SimResponse {
    const instance = this.instances.get(params.instance)!;
    const webhook_url = `${this.serverUrl}/chatwoot/webhook/${encodeURIComponent(instance.name)}`;
    // Not configured: an empty, disabled record.
    return jsonResponse(
      instance.chatwoot
        ? { ...instance.chatwoot, webhook_url }
        : {
            enabled: false,
            url: '',
            accountId: '',
            token: '',
            signMsg: false,
            nameInbox: '',
            webhook_url: '',
          },
    );
  }

  private set({ params, body }: SimRequest): SimResponse {
    const instance = this.instances.get(params.instance)!;
    const input = body as Record<string, unknown>;
    // Unknown fields are ignored, as the DTO mapping does.
    const known = Object.fromEntries(
      Object.keys(DEFAULTS)
        .filter((k) => k in input)
        .map((k) => [k, input[k]]),
    );
    instance.chatwoot = { ...DEFAULTS, ...instance.chatwoot, ...known };
    return jsonResponse({
      ...instance.chatwoot,
      webhook_url: `${this.serverUrl}/chatwoot/webhook/${encodeURIComponent(instance.name)}`,
    });
  }

  private get serverUrl(): string {
    return this.options.serverUrl ?? this.baseUrl;
  }

  // apikey: the global key, or the instance token on its own routes (EVO auth.guard.ts).
  private guard(): RouteGuard {
    return (req) => {
      if (this.licenseRequired) {
        return jsonResponse({ status: 503, code: 'LICENSE_REQUIRED', message: 'Activate your license' }, 503);
      }
      const instance = this.instances.get(req.params.instance);
      const key = req.headers.apikey;
      const presented = Array.isArray(key) ? key[0] : key;
      if (!presented || (presented !== this.options.apiKey && presented !== instance?.token)) {
        return jsonResponse(
          { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } },
          401,
        );
      }
      return instance
        ? undefined
        : this.errorResponse(404, `The "${req.params.instance}" instance does not exist`);
    };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  500: 'Internal Server Error',
};
