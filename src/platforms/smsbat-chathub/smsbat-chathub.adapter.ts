import type { ChatHubConnectorConfig } from '@app/config/config.types';
import type { DesiredOperator } from '@app/directory/operator.types';
import type {
  Capability,
  ChatPlatformAdapter,
  CreateOperatorsParams,
  CreateOperatorsResult,
  DoctorFinding,
  RemoteOperator,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/platforms/platform-error';
import type { ChatHubClient } from '@app/platforms/smsbat-chathub/smsbat-chathub.client';
import { findDuplicateNames } from '@app/platforms/smsbat-chathub/smsbat-chathub.doctor';
import { toChatHubStatus, toRemoteOperator } from '@app/platforms/smsbat-chathub/smsbat-chathub.mapper';
import {
  CHATHUB_OPERATOR_MODEL,
  CHATHUB_SYNC_BATCH_SIZE,
} from '@app/platforms/smsbat-chathub/smsbat-chathub.options';
import { normalizeName } from '@app/reconcile/match-operators';

export class SmsbatChathubAdapter implements ChatPlatformAdapter {
  readonly type = 'smsbat-chathub' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['operators.read', 'operators.write']);
  readonly operatorModel = CHATHUB_OPERATOR_MODEL;

  constructor(
    private readonly config: ChatHubConnectorConfig,
    private readonly client: ChatHubClient,
  ) {}

  get connectorId(): string {
    return this.config.id;
  }

  async checkConnection(): Promise<void> {
    const organizations = await this.client.listOrganizations();
    if (!organizations.some((o) => o.id === this.config.options.organizationId)) {
      throw new PlatformError({
        code: PlatformErrorCode.CONFIG,
        connectorId: this.connectorId,
        message: `organization ${this.config.options.organizationId} is not visible to this company token`,
      });
    }
  }

  async diagnose(): Promise<DoctorFinding[]> {
    return findDuplicateNames(await this.listOperators());
  }

  async listOperators(): Promise<RemoteOperator[]> {
    const operators = await this.client.listOperators(this.config.options.organizationId);
    return operators.map(toRemoteOperator);
  }

  async createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    const result: CreateOperatorsResult = { created: [], failed: [] };
    for (let i = 0; i < operators.length; i += CHATHUB_SYNC_BATCH_SIZE) {
      const batch = operators.slice(i, i + CHATHUB_SYNC_BATCH_SIZE);
      const outcome = await this.createBatch(batch);
      result.created.push(...outcome.created);
      result.failed.push(...outcome.failed);
    }
    return result;
  }

  async updateOperator({ remoteId, changes }: UpdateOperatorParams): Promise<void> {
    if (changes.status !== undefined) {
      await this.client.setStatus(Number(remoteId), toChatHubStatus(changes.status));
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async createBatch(batch: DesiredOperator[]): Promise<CreateOperatorsResult> {
    const organizationId = this.config.options.organizationId;
    try {
      const created = await this.client.synchronize(
        batch.map((o) => ({ organizationId, name: o.name.trim() })),
      );
      return this.pairCreated(batch, created.map(toRemoteOperator));
    } catch (error) {
      if (!isPlatformError(error) || !error.transient) {
        return {
          created: [],
          failed: batch.map((o) => ({ key: o.key, error: asPlatformError(error, this.connectorId) })),
        };
      }
      // synchronize is not idempotent and may have created some or all names before failing:
      // read the list again and only send what is really missing, so a retry never duplicates.
      const existing = await this.listOperators();
      const recovered = this.pairCreated(batch, existing);
      const missing = batch.filter((o) => recovered.failed.some((f) => f.key === o.key));
      if (missing.length === 0) {
        return recovered;
      }
      const second = await this.synchronizeOnce(missing);
      return { created: [...recovered.created, ...second.created], failed: second.failed };
    }
  }

  private async synchronizeOnce(batch: DesiredOperator[]): Promise<CreateOperatorsResult> {
    const organizationId = this.config.options.organizationId;
    try {
      const created = await this.client.synchronize(
        batch.map((o) => ({ organizationId, name: o.name.trim() })),
      );
      return this.pairCreated(batch, created.map(toRemoteOperator));
    } catch (error) {
      return {
        created: [],
        failed: batch.map((o) => ({ key: o.key, error: asPlatformError(error, this.connectorId) })),
      };
    }
  }

  /** Pairs desired operators with remote ones by normalized name; anything unpaired failed. */
  private pairCreated(batch: DesiredOperator[], remote: RemoteOperator[]): CreateOperatorsResult {
    const byName = new Map<string, RemoteOperator[]>();
    for (const r of remote) {
      const key = normalizeName(r.name);
      byName.set(key, [...(byName.get(key) ?? []), r]);
    }
    const result: CreateOperatorsResult = { created: [], failed: [] };
    for (const operator of batch) {
      const matches = byName.get(normalizeName(operator.name)) ?? [];
      if (matches.length === 1) {
        result.created.push({ key: operator.key, remote: matches[0] });
      } else {
        result.failed.push({
          key: operator.key,
          error: new PlatformError({
            code: matches.length === 0 ? PlatformErrorCode.INVALID_RESPONSE : PlatformErrorCode.REJECTED,
            connectorId: this.connectorId,
            message:
              matches.length === 0
                ? `ChatHub did not return the created operator "${operator.name}"`
                : `ChatHub now holds ${matches.length} operators named "${operator.name}"; rename or delete the duplicates`,
          }),
        });
      }
    }
    return result;
  }
}

const asPlatformError = (error: unknown, connectorId: string): PlatformError =>
  isPlatformError(error)
    ? error
    : new PlatformError({
        code: PlatformErrorCode.TEMPORARY,
        connectorId,
        message: String(error),
        cause: error,
      });
