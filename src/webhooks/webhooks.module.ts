import { Module } from '@nestjs/common';

import { ReconcileModule } from '@app/reconcile/reconcile.module';
import { ChatGuard } from '@app/webhooks/chat-guard.service';
import { EventApplier } from '@app/webhooks/event-applier.service';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';
import { ReconcileRequests } from '@app/webhooks/reconcile-requests';
import { WebhookIngestService } from '@app/webhooks/webhook-ingest.service';
import { WebhooksController } from '@app/webhooks/webhooks.controller';

/** The webhook pipeline: controller, ingestion, the inbox processor. Daemon only. */
@Module({
  imports: [ReconcileModule],
  controllers: [WebhooksController],
  providers: [ChatGuard, EventApplier, InboxProcessor, ReconcileRequests, WebhookIngestService],
})
export class WebhooksModule {}
