import type { OperatorModel } from '@app/platforms/chat-platform.adapter';

/** The docs' sample code sends at most 100 names per synchronize call. */
export const CHATHUB_SYNC_BATCH_SIZE = 100;

/**
 * ChatHub has no rename, update or hard delete; deleting is status 2. Names can repeat, so an
 * unlinked operator is matched by a unique normalized name only.
 */
export const CHATHUB_OPERATOR_MODEL: OperatorModel = {
  matchBy: 'name',
  updatableFields: [],
  statuses: ['active', 'inactive', 'deleted'],
  hardDelete: false,
  statusStored: true,
};
