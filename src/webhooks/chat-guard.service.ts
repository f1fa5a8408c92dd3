import { Injectable, Logger } from '@nestjs/common';

import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { ChatReleaseFacet } from '@app/platforms/chat-platform.adapter';
import { RunRecorder, recordWrite } from '@app/runs/run-recorder.service';
import { settingRecord } from '@app/reconcile/run.mapper';

/**
 * Integration accounts never keep a chat. One auto-assigned to them is handed back, and audited;
 * first, in the same run, their exclusion is re-sent: a chat landing there is the evidence it
 * drifted where the platform's API cannot look, and a chat handed back before that would go
 * straight back to them at the platform's next assignment cycle.
 */
@Injectable()
export class ChatGuard {
  private readonly logger = new Logger(ChatGuard.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly recorder: RunRecorder,
    private readonly snapshot: DirectorySnapshot,
  ) {}

  /** Throws when the hand-back did not happen, so the event is retried. */
  async onAssigned(connectorId: string, chatId: string, remoteId: string): Promise<void> {
    const chatRelease = this.adapters.get(connectorId)?.chatRelease;
    if (!chatRelease) {
      return;
    }
    const operatorKey = await this.integrationKey(chatRelease, connectorId, remoteId);
    if (operatorKey === undefined) {
      return;
    }
    const run = await this.recorder.record(
      { connectorId, kind: 'chat-release', trigger: 'event' },
      async () => {
        const excluded = (await chatRelease.reexclude({ remoteId, operatorKey })).map(settingRecord);
        const handedBack = await recordWrite(
          {
            operatorKey: operatorKey ?? excluded[0]?.operatorKey ?? null,
            action: 'update',
            field: 'chat.owner',
            before: { chatId, owner: remoteId },
            after: { chatId, status: 'pending' },
          },
          () => chatRelease.release({ chatId }),
        );
        return { changes: [...excluded, handedBack] };
      },
    );
    // Only the hand-back decides a retry: what the exclusion cannot fix (always_on, a department
    // group row) fails every time and is for the admin, in the run and in `doctor`.
    const handedBack = run.changes.find((c) => c.field === 'chat.owner');
    if (run.outcome === 'failed' || handedBack?.outcome !== 'applied') {
      throw new Error(handedBack?.error ?? run.error ?? `chat ${chatId} not handed back`);
    }
    this.logger.warn(
      `${connectorId}: chat ${chatId} was auto-assigned to integration account ${handedBack.operatorKey ?? remoteId}; exclusion re-sent, chat handed back`,
    );
  }

  /**
   * The directory key of an integration account; null for the platform's own (the connector's API
   * user, outside the directory); undefined when the chat went to anyone else.
   */
  private async integrationKey(
    chatRelease: ChatReleaseFacet,
    connectorId: string,
    remoteId: string,
  ): Promise<string | null | undefined> {
    const operator = this.snapshot.findByRemote(connectorId, remoteId);
    if (operator) {
      return operator.role === 'integration' ? operator.key : undefined;
    }
    return (await chatRelease.isIntegrationAccount(remoteId)) ? null : undefined;
  }
}
