import { AlertEntity } from '@app/database/entities/alert.entity';
import { AssignmentCursorEntity } from '@app/database/entities/assignment-cursor.entity';
import { AssignmentSessionEntity } from '@app/database/entities/assignment-session.entity';
import { AssignmentStickyClientEntity } from '@app/database/entities/assignment-sticky-client.entity';
import { AvailabilityEchoEntity } from '@app/database/entities/availability-echo.entity';
import { ChangeFeedEntity } from '@app/database/entities/change-feed.entity';
import { ConnectorLeaseEntity } from '@app/database/entities/connector-lease.entity';
import { ConnectorStateEntity } from '@app/database/entities/connector-state.entity';
import { ConversationStateEntity } from '@app/database/entities/conversation-state.entity';
import { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import { OperatorEntity } from '@app/database/entities/operator.entity';
import { RunChangeEntity } from '@app/database/entities/run-change.entity';
import { RunEntity } from '@app/database/entities/run.entity';
import { WebhookReceiptEntity } from '@app/database/entities/webhook-receipt.entity';

/** Every entity, listed by class (not by glob) so ts-node, SWC and the compiled build all agree. */
export const DATABASE_ENTITIES = [
  AlertEntity,
  AssignmentCursorEntity,
  AssignmentSessionEntity,
  AssignmentStickyClientEntity,
  AvailabilityEchoEntity,
  ChangeFeedEntity,
  ConnectorLeaseEntity,
  ConnectorStateEntity,
  ConversationStateEntity,
  InboxEventEntity,
  OperatorEntity,
  OperatorLinkEntity,
  RunChangeEntity,
  RunEntity,
  WebhookReceiptEntity,
];
