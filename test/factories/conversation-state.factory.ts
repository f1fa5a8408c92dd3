import type { ConversationStateUpsert } from '@app/database/repositories/conversation-state.repository';
import { sequence } from './sequence.factory';

export function conversationStateFactory(
  overrides: Partial<ConversationStateUpsert> = {},
): ConversationStateUpsert {
  return {
    connectorId: 'chatwoot',
    conversationId: String(sequence()),
    status: 'open',
    previousStatus: 'resolved',
    inboxId: '3',
    assigneeType: 'User',
    lastToggledAt: null,
    sourceUpdatedAt: new Date('2025-01-01T00:00:00.000Z'),
    updatedAt: new Date('2025-01-01T00:00:01.000Z'),
    ...overrides,
  };
}
