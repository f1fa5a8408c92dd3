import { ConversationStateRepository } from '@app/database/repositories/conversation-state.repository';
import { conversationStateFactory } from '../factories/conversation-state.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

describe.each(DATABASE_KINDS)(`${ConversationStateRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: ConversationStateRepository;

  beforeEach(() => {
    sut = new ConversationStateRepository(db.dataSource);
  });

  it('should store a conversation the first time it is seen', async () => {
    const state = conversationStateFactory({ connectorId: 'chatwoot', conversationId: '42' });

    const stored = await sut.upsert(state);

    expect(stored).toEqual(expect.objectContaining(state));
    expect(await sut.find('chatwoot', '42')).toEqual(stored);
  });

  it('should replace the state when the conversation changes', async () => {
    await sut.upsert(
      conversationStateFactory({ conversationId: '42', status: 'resolved', previousStatus: 'open' }),
    );
    const toggledAt = new Date('2025-03-01T10:00:00.000Z');

    await sut.upsert(
      conversationStateFactory({
        conversationId: '42',
        status: 'open',
        previousStatus: 'pending',
        lastToggledAt: toggledAt,
      }),
    );

    expect(await sut.find('chatwoot', '42')).toMatchObject({
      status: 'open',
      previousStatus: 'pending',
      lastToggledAt: toggledAt,
    });
  });

  it('should keep conversations with the same id on different connectors apart', async () => {
    await sut.upsert(
      conversationStateFactory({ connectorId: 'chatwoot', conversationId: '7', status: 'open' }),
    );
    await sut.upsert(
      conversationStateFactory({ connectorId: 'chatwoot-eu', conversationId: '7', status: 'snoozed' }),
    );

    expect((await sut.find('chatwoot', '7'))?.status).toBe('open');
    expect((await sut.find('chatwoot-eu', '7'))?.status).toBe('snoozed');
  });

  it('should store null for the optional fields left out and return null for an unknown conversation', async () => {
    const stored = await sut.upsert({ connectorId: 'chatwoot', conversationId: '9', status: 'pending' });

    expect(stored).toMatchObject({
      previousStatus: null,
      inboxId: null,
      assigneeType: null,
      sourceUpdatedAt: null,
    });
    expect(stored.updatedAt).toBeInstanceOf(Date);
    expect(await sut.find('chatwoot', 'nope')).toBeNull();
  });
});
