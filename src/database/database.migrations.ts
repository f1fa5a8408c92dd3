import { InitialSchema1732406400000 } from '@app/database/migrations/1732406400000-initial-schema';
import { WebhookReceipts1764662400000 } from '@app/database/migrations/1764662400000-webhook-receipts';
import { OneWritePath1764748800000 } from '@app/database/migrations/1764748800000-one-write-path';

/** Every migration in order, listed by class so the compiled build and the tests load the same set. */
export const DATABASE_MIGRATIONS = [
  InitialSchema1732406400000,
  WebhookReceipts1764662400000,
  OneWritePath1764748800000,
];
