import { InitialSchema1732406400000 } from '@app/database/migrations/1732406400000-initial-schema';
import { WebhookReceipts1764662400000 } from '@app/database/migrations/1764662400000-webhook-receipts';

/** Every migration in order, listed by class so the compiled build and the tests load the same set. */
export const DATABASE_MIGRATIONS = [InitialSchema1732406400000, WebhookReceipts1764662400000];
