import { Injectable, Logger } from '@nestjs/common';

import { RunRepository } from '@app/database/repositories/run.repository';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { describeError } from '@app/reconcile/platform-error.handler';

/** Integration accounts never keep a chat: one auto-assigned to them is handed back, and audited. */
@Injectable()
export class ChatGuard {
  private readonly logger = new Logger(ChatGuard.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly runs: RunRepository,
    private readonly snapshot: DirectorySnapshot,
  ) {}

  async onAssigned(connectorId: string, chatId: string, remoteId: string): Promise<void> {
    const operator = this.snapshot.findByRemote(connectorId, remoteId);
    const adapter = this.adapters.get(connectorId);
    if (operator?.role !== 'integration' || !adapter?.releaseChat) {
      return;
    }
    const run = await this.runs.start({ connectorId, trigger: 'event', dryRun: false });
    let error: string | null = null;
    try {
      await adapter.releaseChat({ chatId });
      this.logger.warn(
        `${connectorId}: chat ${chatId} was auto-assigned to integration account ${operator.key}; handed back`,
      );
    } catch (failure) {
      error = describeError(failure);
    }
    await this.runs.finish(run.id, {
      outcome: error ? 'failed' : 'ok',
      counts: { planned: 1, applied: error ? 0 : 1, failed: error ? 1 : 0, rejected: 0, findings: 0 },
      error,
      changes: [
        {
          operatorKey: operator.key,
          action: 'update',
          field: 'chat.owner',
          before: { chatId, owner: remoteId },
          after: { chatId, status: 'pending' },
          outcome: error ? 'failed' : 'applied',
          error,
        },
      ],
    });
    if (error) {
      throw new Error(error);
    }
  }
}
