import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

import type { ConnectorType } from '@app/core/config.types';
import type { OperatorStatus } from '@app/core/operator.types';
import type {
  ChatPlatformAdapter,
  CreateOperatorsParams,
  CreateOperatorsResult,
  OperatorModel,
  RemoteOperator,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { toPlatformError } from '@app/platforms/http/to-platform-error';
import { PlatformError, PlatformErrorCode, asPlatformError } from '@app/core/platform-error';
import { type Sleep, type UnclearCreate, settleUnknownCreates } from '@app/platforms/settle-unknown-creates';
import { normalizeEmail } from '@app/core/normalize';

import type { ContractFault, ContractRoute } from '../chat-platform.contract';

export interface FakeOperatorRecord {
  id: number;
  name: string;
  email: string;
  status: 'active' | 'inactive';
}

type Outcome =
  | { kind: 'status'; status: number; phase: 'before' | 'after'; retryAfterSeconds?: number }
  | { kind: 'garbage' }
  | { kind: 'disconnect'; phase: 'before' | 'after' };

type Armed =
  | { route: ContractRoute; remaining: number; latencyMs: number }
  | { route: ContractRoute; remaining: number; outcome: Outcome };

export const FAKE_CREDENTIALS = 'fake-good-credentials';

/**
 * An in-memory platform with the simulators' fault model: a latency delays the handling (the
 * write is applied after it, whoever still waits), a status or a dropped connection answers
 * before or after the write is applied, a garbage page answers instead. Failures reach the
 * adapter as PlatformErrors made by the real toPlatformError from the AxiosError a real
 * connection would give, so the outcome flags are the production ones.
 */
export class FakePlatform {
  private readonly records = new Map<number, FakeOperatorRecord>();
  private nextId = 1;
  private armed: Armed[] = [];
  private writes = 0;
  private readonly inFlight: Record<ContractRoute, number> = { list: 0, create: 0, update: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();

  seed(operator: Omit<FakeOperatorRecord, 'id'>): FakeOperatorRecord {
    const record = { ...operator, id: this.nextId++ };
    this.records.set(record.id, record);
    return { ...record };
  }

  operator(id: number): FakeOperatorRecord | undefined {
    const record = this.records.get(id);
    return record && { ...record };
  }

  operators(): FakeOperatorRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  injectFault(fault: ContractFault, route: ContractRoute, times: number): void {
    const outcome: Outcome = {
      'server-error': { kind: 'status', status: 500, phase: 'after' } as const,
      'rate-limit': { kind: 'status', status: 429, phase: 'before', retryAfterSeconds: 0 } as const,
      garbage: { kind: 'garbage' } as const,
      'disconnect-after': { kind: 'disconnect', phase: 'after' } as const,
    }[fault];
    this.armed.push({ route, remaining: times, outcome });
  }

  injectLatency(route: ContractRoute, ms: number, times: number): void {
    this.armed.push({ route, remaining: times, latencyMs: ms });
  }

  pendingRequests(route: ContractRoute): number {
    return this.inFlight[route];
  }

  writeCalls(): number {
    return this.writes;
  }

  resetCounters(): void {
    this.writes = 0;
  }

  /** Like a simulator's stop(): requests still in a latency are dropped unhandled. */
  stop(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.armed = [];
  }

  /**
   * One request as a connector with `timeoutMs` sees it. When the platform takes longer, the
   * caller gets a timeout while the platform goes on and applies the write later.
   */
  request<T>(
    route: ContractRoute,
    call: { connectorId: string; credentials: string; timeoutMs: number },
    handler: () => T,
  ): Promise<T> {
    if (route !== 'list') {
      this.writes += 1;
    }
    const latency = this.take(route, 'latencyMs');
    const latencyMs = latency && 'latencyMs' in latency ? latency.latencyMs : 0;
    const armedOutcome = this.take(route, 'outcome');
    const outcome = armedOutcome && 'outcome' in armedOutcome ? armedOutcome.outcome : undefined;
    this.inFlight[route] += 1;
    const handled = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.inFlight[route] -= 1;
        try {
          resolve(this.handle(route, call, outcome, handler));
        } catch (error) {
          reject(toPlatformError(error, call.connectorId, `fake ${route}`));
        }
      }, latencyMs);
      this.timers.add(timer);
    });
    return new Promise<T>((resolve, reject) => {
      const timeout = setTimeout(
        () => reject(toPlatformError(transportError('ETIMEDOUT'), call.connectorId, `fake ${route}`)),
        call.timeoutMs,
      );
      handled.then(resolve, reject).finally(() => clearTimeout(timeout));
    });
  }

  private handle<T>(
    route: ContractRoute,
    call: { credentials: string },
    outcome: Outcome | undefined,
    handler: () => T,
  ): T {
    if (outcome?.kind === 'garbage') {
      throw new PlatformError({
        code: PlatformErrorCode.INVALID_RESPONSE,
        connectorId: 'fake',
        message: `fake ${route} answered a maintenance page`,
      });
    }
    if (outcome && outcome.phase === 'before') {
      throw outcomeError(outcome);
    }
    if (call.credentials !== FAKE_CREDENTIALS) {
      throw httpError(401);
    }
    const result = handler();
    if (outcome) {
      throw outcomeError(outcome);
    }
    return result;
  }

  private take(route: ContractRoute, kind: 'latencyMs' | 'outcome'): Armed | undefined {
    const index = this.armed.findIndex((a) => a.route === route && kind in a);
    if (index < 0) {
      return undefined;
    }
    const armed = this.armed[index];
    armed.remaining -= 1;
    if (armed.remaining <= 0) {
      this.armed.splice(index, 1);
    }
    return armed;
  }

  // What the platform does, once a request is handled.

  list(): FakeOperatorRecord[] {
    return this.operators();
  }

  create(name: string, email: string): FakeOperatorRecord {
    return this.seed({ name, email, status: 'active' });
  }

  update(id: number, changes: Partial<Omit<FakeOperatorRecord, 'id'>>): void {
    const record = this.records.get(id);
    if (!record) {
      throw httpError(404);
    }
    Object.assign(record, changes);
  }
}

const transportError = (code: string): AxiosError => new AxiosError(`fake ${code}`, code);

const httpError = (status: number, headers: Record<string, string> = {}): AxiosError => {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
  const response = {
    status,
    statusText: '',
    data: { error: `HTTP ${status}` },
    headers,
    config,
  } as AxiosResponse;
  return new AxiosError(`HTTP ${status}`, 'ERR_BAD_RESPONSE', config, undefined, response);
};

const outcomeError = (outcome: Exclude<Outcome, { kind: 'garbage' }>): AxiosError =>
  outcome.kind === 'disconnect'
    ? transportError('ECONNRESET')
    : httpError(
        outcome.status,
        outcome.retryAfterSeconds === undefined ? {} : { 'retry-after': String(outcome.retryAfterSeconds) },
      );

const FAKE_MODEL: OperatorModel = {
  matchBy: 'email',
  updatableFields: ['name', 'email'],
  statuses: ['active', 'inactive'],
  hardDelete: false,
  statusStored: true,
};

const READ_RETRIES = 3;

/**
 * The smallest adapter that keeps the port's promises, against FakePlatform: reads and
 * state-setting updates are retried (one layer), a create is sent once and an unclear one is
 * settled by reading back by e-mail, as the real adapters do.
 */
export class FakeChatAdapter implements ChatPlatformAdapter {
  readonly connectorId = 'fake';
  // Not a real connector type: nothing in the contract suite dispatches on it.
  readonly type = 'fake' as unknown as ConnectorType;
  readonly operatorModel = FAKE_MODEL;

  constructor(
    private readonly platform: FakePlatform,
    private readonly options: { credentials: string; timeoutMs: number; sleep?: Sleep },
  ) {}

  async checkConnection(): Promise<void> {
    await this.listOperators();
  }

  listOperators(): Promise<RemoteOperator[]> {
    return this.retried(async () => (await this.send('list', () => this.platform.list())).map(toRemote));
  }

  async createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    const result: CreateOperatorsResult = { created: [], failed: [], unknown: [] };
    const unclear: UnclearCreate[] = [];
    for (const operator of operators) {
      const email = operator.email?.trim();
      if (!email) {
        result.failed.push({
          key: operator.key,
          error: new PlatformError({
            code: PlatformErrorCode.REJECTED,
            connectorId: this.connectorId,
            message: `"${operator.key}" has no e-mail`,
          }),
        });
        continue;
      }
      try {
        const record = await this.send('create', () => this.platform.create(operator.name.trim(), email));
        result.created.push({ key: operator.key, remote: toRemote(record) });
      } catch (caught) {
        const error = asPlatformError(caught, this.connectorId);
        (error.outcomeUnknown ? unclear : result.failed).push({ key: operator.key, error });
      }
    }
    if (unclear.length > 0) {
      const byKey = new Map(operators.map((o) => [o.key, o]));
      const settled = await settleUnknownCreates({
        unclear,
        timeoutMs: this.options.timeoutMs,
        sleep: this.options.sleep,
        read: async (keys) => {
          const byEmail = new Map((await this.listOperators()).map((r) => [normalizeEmail(r.email!), r]));
          const found = new Map<string, RemoteOperator>();
          for (const key of keys) {
            const remote = byEmail.get(normalizeEmail(byKey.get(key)!.email!));
            if (remote) {
              found.set(key, remote);
            }
          }
          return { found };
        },
      });
      result.created.push(...settled.created);
      result.failed.push(...settled.failed);
      result.unknown.push(...settled.unknown);
    }
    return result;
  }

  async updateOperator({ remoteId, changes }: UpdateOperatorParams): Promise<void> {
    const update: Partial<Omit<FakeOperatorRecord, 'id'>> = {
      ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
      ...(changes.email === undefined ? {} : { email: changes.email.trim() }),
      ...(changes.status === undefined ? {} : { status: toFakeStatus(changes.status) }),
    };
    if (Object.keys(update).length > 0) {
      await this.retried(() => this.send('update', () => this.platform.update(Number(remoteId), update)));
    }
  }

  private send<T>(route: ContractRoute, handler: () => T): Promise<T> {
    const { credentials, timeoutMs } = this.options;
    return this.platform.request(route, { connectorId: this.connectorId, credentials, timeoutMs }, handler);
  }

  /** Idempotent calls only: transient failures are tried again, a few times. */
  private async retried<T>(attempt: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof PlatformError && error.transient) || retry >= READ_RETRIES) {
          throw error;
        }
      }
    }
  }
}

const toRemote = (record: FakeOperatorRecord): RemoteOperator => ({
  remoteId: String(record.id),
  name: record.name,
  email: record.email,
  status: record.status,
});

const toFakeStatus = (status: OperatorStatus): FakeOperatorRecord['status'] =>
  status === 'active' ? 'active' : 'inactive';
