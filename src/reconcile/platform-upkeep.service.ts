import { Injectable, Logger } from '@nestjs/common';

import { ConversationNormalizer } from '@app/conversations/conversation-normalizer.service';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { AvailabilityService } from '@app/directory/availability.service';
import type { DesiredOperator } from '@app/core/operator.types';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';
import { describeError } from '@app/runs/platform-error.handler';
import type { ChangeRecord, RunTrigger } from '@app/reconcile/reconcile.types';
import { settingRecord } from '@app/reconcile/run.mapper';

/**
 * What a run does after the operators are in step: enforce platform settings (integration
 * accounts, Evolution), sweep conversations whose webhook was lost, and poll availability.
 */
@Injectable()
export class PlatformUpkeep {
  private readonly logger = new Logger(PlatformUpkeep.name);

  constructor(
    private readonly availability: AvailabilityService,
    private readonly conversations: ConversationNormalizer,
    private readonly links: OperatorLinkRepository,
  ) {}

  async run(
    adapter: ChatPlatformAdapter,
    params: { desired: DesiredOperator[]; dryRun: boolean; trigger?: RunTrigger },
  ): Promise<ChangeRecord[]> {
    const linked = await this.links.findByConnector(adapter.connectorId);
    const records: ChangeRecord[] = [];
    if (adapter.settings) {
      const byKey = new Map(params.desired.map((d) => [d.key, d]));
      const integrationAccounts = linked
        .map((link) => ({ operator: byKey.get(link.operatorKey), remoteId: link.remoteId }))
        .filter(
          (a): a is { operator: DesiredOperator; remoteId: string } => a.operator?.role === 'integration',
        );
      // The daemon's own runs may re-send blind what the platform cannot show (on its slow period).
      const scheduled = params.trigger === 'schedule' || params.trigger === 'startup';
      const changes = await adapter.settings.enforce({
        integrationAccounts,
        dryRun: params.dryRun,
        scheduled,
      });
      records.push(...changes.map(settingRecord));
    }
    records.push(...(await this.conversations.sweep(adapter, params.dryRun)));
    if (!params.dryRun) {
      await this.pollAvailability(
        adapter,
        linked.map((l) => l.remoteId),
      );
    }
    return records;
  }

  /** Platforms without availability webhooks (or that may miss some) are read on every run. */
  private async pollAvailability(adapter: ChatPlatformAdapter, remoteIds: string[]): Promise<void> {
    const reader = adapter.availabilityRead;
    if (!reader || remoteIds.length === 0) {
      return;
    }
    try {
      const readings = await reader.read({ remoteIds });
      const now = new Date();
      for (const reading of readings) {
        await this.availability.observe({
          connectorId: adapter.connectorId,
          ...reading,
          occurredAt: now,
          polled: true,
        });
      }
    } catch (error) {
      // The operator sync succeeded; a failed poll is retried on the next run.
      this.logger.warn(`${adapter.connectorId}: availability poll failed: ${describeError(error)}`);
    }
  }
}
