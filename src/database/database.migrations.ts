import { InitialSchema1732406400000 } from '@app/database/migrations/1732406400000-initial-schema';

/** Every migration in order, listed by class so the compiled build and the tests load the same set. */
export const DATABASE_MIGRATIONS = [InitialSchema1732406400000];
