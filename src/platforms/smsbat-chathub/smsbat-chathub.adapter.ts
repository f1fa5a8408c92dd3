import type { ChatHubConnectorConfig } from '@app/core/config.types';
import type { DesiredOperator } from '@app/core/operator.types';
import type {
  ChatPlatformAdapter,
  CreateOperatorsParams,
  CreateOperatorsResult,
  DoctorFinding,
  RemoteOperator,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode, asPlatformError } from '@app/core/platform-error';
import { type Sleep, type UnclearCreate, settleUnknownCreates } from '@app/platforms/settle-unknown-creates';
import type { ChatHubClient } from '@app/platforms/smsbat-chathub/smsbat-chathub.client';
import { findDuplicateNames } from '@app/platforms/smsbat-chathub/smsbat-chathub.doctor';
import { toChatHubStatus, toRemoteOperator } from '@app/platforms/smsbat-chathub/smsbat-chathub.mapper';
import {
  CHATHUB_OPERATOR_MODEL,
  CHATHUB_SYNC_BATCH_SIZE,
} from '@app/platforms/smsbat-chathub/smsbat-chathub.options';
import { normalizeName } from '@app/core/normalize';

export class SmsbatChathubAdapter implements ChatPlatformAdapter {
  readonly type = 'smsbat-chathub' as const;
  readonly operatorModel = CHATHUB_OPERATOR_MODEL;

  constructor(
    private readonly config: ChatHubConnectorConfig,
    private readonly client: ChatHubClient,
    private readonly sleep?: Sleep,
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

  /**
   * synchronize in batches of 100. It is not idempotent (every item becomes a new operator), so a
   * batch whose outcome is unknown is never sent again: its names are read back instead.
   */
  async createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    const result: CreateOperatorsResult = { created: [], failed: [], unknown: [] };
    const unclear: UnclearCreate[] = [];
    for (let i = 0; i < operators.length; i += CHATHUB_SYNC_BATCH_SIZE) {
      const batch = operators.slice(i, i + CHATHUB_SYNC_BATCH_SIZE);
      try {
        const created = await this.client.synchronize(
          batch.map((o) => ({ organizationId: this.config.options.organizationId, name: o.name.trim() })),
        );
        const paired = this.pair(batch, created.map(toRemoteOperator));
        result.created.push(...paired.created);
        result.failed.push(...paired.ambiguous);
        for (const operator of paired.missing) {
          const message = `ChatHub did not return the created operator "${operator.name}"`;
          result.failed.push({
            key: operator.key,
            error: this.error(PlatformErrorCode.INVALID_RESPONSE, message),
          });
        }
      } catch (caught) {
        const error = asPlatformError(caught, this.connectorId);
        (error.outcomeUnknown ? unclear : result.failed).push(...batch.map((o) => ({ key: o.key, error })));
      }
    }
    if (unclear.length > 0) {
      const byKey = new Map(operators.map((o) => [o.key, o]));
      const settled = await settleUnknownCreates({
        unclear,
        timeoutMs: this.config.timeoutMs,
        sleep: this.sleep,
        // Names are ChatHub's only key: the list, paired by normalized name.
        read: async (keys) => {
          const paired = this.pair(
            keys.map((k) => byKey.get(k)!),
            await this.listOperators(),
          );
          return {
            found: new Map(paired.created.map((c) => [c.key, c.remote])),
            failed: new Map(paired.ambiguous.map((a) => [a.key, a.error])),
          };
        },
      });
      result.created.push(...settled.created);
      result.failed.push(...settled.failed);
      result.unknown.push(...settled.unknown);
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

  /** Pairs desired operators with remote ones by normalized name; several matches are ambiguous. */
  private pair(batch: DesiredOperator[], remote: RemoteOperator[]): Pairing {
    const byName = new Map<string, RemoteOperator[]>();
    for (const r of remote) {
      const key = normalizeName(r.name);
      byName.set(key, [...(byName.get(key) ?? []), r]);
    }
    const pairing: Pairing = { created: [], ambiguous: [], missing: [] };
    for (const operator of batch) {
      const matches = byName.get(normalizeName(operator.name)) ?? [];
      if (matches.length === 1) {
        pairing.created.push({ key: operator.key, remote: matches[0] });
      } else if (matches.length > 1) {
        const message = `ChatHub now holds ${matches.length} operators named "${operator.name}"; rename or delete the duplicates`;
        pairing.ambiguous.push({ key: operator.key, error: this.error(PlatformErrorCode.REJECTED, message) });
      } else {
        pairing.missing.push(operator);
      }
    }
    return pairing;
  }

  private error(code: PlatformErrorCode, message: string): PlatformError {
    return new PlatformError({ code, connectorId: this.connectorId, message });
  }
}

interface Pairing {
  created: CreateOperatorsResult['created'];
  ambiguous: CreateOperatorsResult['failed'];
  missing: DesiredOperator[];
}
