import { InitialSchema1732406400000 } from '@app/database/migrations/1732406400000-initial-schema';
import { WebhookReceipts1764662400000 } from '@app/database/migrations/1764662400000-webhook-receipts';
import { OneWritePath1764748800000 } from '@app/database/migrations/1764748800000-one-write-path';
import { SharedReplicaState1764835200000 } from '@app/database/migrations/1764835200000-shared-replica-state';
import { Alerts1764921600000 } from '@app/database/migrations/1764921600000-alerts';

/** Every migration in order, listed by class so the compiled build and the tests load the same set. */
export const DATABASE_MIGRATIONS = [
  InitialSchema1732406400000,
  WebhookReceipts1764662400000,
  OneWritePath1764748800000,
  SharedReplicaState1764835200000,
  Alerts1764921600000,
];
