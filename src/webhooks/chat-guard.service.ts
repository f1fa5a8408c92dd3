import { Injectable, Logger } from '@nestjs/common';

import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { RunRecorder, recordWrite } from '@app/runs/run-recorder.service';

/** Integration accounts never keep a chat: one auto-assigned to them is handed back, and audited. */
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
    const operator = this.snapshot.findByRemote(connectorId, remoteId);
    const chatRelease = this.adapters.get(connectorId)?.chatRelease;
    if (operator?.role !== 'integration' || !chatRelease) {
      return;
    }
    const run = await this.recorder.record(
      { connectorId, kind: 'chat-release', trigger: 'event' },
      async () => ({
        changes: [
          await recordWrite(
            {
              operatorKey: operator.key,
              action: 'update',
              field: 'chat.owner',
              before: { chatId, owner: remoteId },
              after: { chatId, status: 'pending' },
            },
            () => chatRelease.release({ chatId }),
          ),
        ],
      }),
    );
    if (run.outcome !== 'ok') {
      throw new Error(run.changes[0]?.error ?? `chat ${chatId} not handed back`);
    }
    this.logger.warn(
      `${connectorId}: chat ${chatId} was auto-assigned to integration account ${operator.key}; handed back`,
    );
  }
}
