import type { DesiredOperator } from '@app/core/operator.types';
import { useChatwootAdapter } from '@app/platforms/chatwoot/testing/chatwoot.fixtures';
import { PlatformErrorCode } from '@app/core/platform-error';
import { CHATWOOT_SIM_ROUTES as R } from '@app/simulator';

const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

describe('ChatwootAdapter availability and conversations', () => {
  const h = useChatwootAdapter();

  describe('availability', () => {
    beforeEach(() => h.start());

    it('should read availability_status and mark auto-offline offline as weak', async () => {
      const present = h.sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'busy',
        autoOffline: true,
        presence: true,
      });
      const away = h.sim.seedAgent({
        name: 'B',
        email: 'b@example.com',
        availability: 'online',
        autoOffline: true,
      });
      const chosen = h.sim.seedAgent({
        name: 'C',
        email: 'c@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      const readings = await h.sut.availabilityRead.read({
        remoteIds: [present, away, chosen].map((a) => String(a.id)),
      });
      expect(readings).toEqual([
        { remoteId: String(present.id), availability: 'busy' },
        { remoteId: String(away.id), availability: 'offline', weak: true },
        { remoteId: String(chosen.id), availability: 'offline' },
      ]);
    });

    it('should write availability with auto_offline false and skip the write when already there', async () => {
      const agent = h.sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'online',
        autoOffline: true,
      });
      await h.sut.availabilityWrite.write({
        remoteId: String(agent.id),
        operator: operator('a'),
        availability: 'busy',
      });
      expect(h.sim.requests(R.updateAgent)[0].body).toEqual({
        role: 'agent',
        availability: 'busy',
        auto_offline: false,
      });
      await h.sut.availabilityWrite.write({
        remoteId: String(agent.id),
        operator: operator('a'),
        availability: 'busy',
      });
      expect(h.sim.calls(R.updateAgent)).toBe(1);
    });

    it('should keep an inactive operator offline when asked to make it available', async () => {
      const agent = h.sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      await h.sut.availabilityWrite.write({
        remoteId: String(agent.id),
        operator: operator('a', { status: 'inactive' }),
        availability: 'online',
      });
      expect(h.sim.agent(agent.id)?.availability).toBe('offline');
      expect(h.sim.writeCalls()).toBe(0);
    });
  });

  describe('conversations', () => {
    beforeEach(() => h.start());

    it('should list pending conversations of an inbox 25 per page, mapped for the reopen rule', async () => {
      const inbox = h.sim.seedInbox({ name: 'acme-wa' });
      const other = h.sim.seedInbox({ name: 'web' });
      const agent = h.sim.seedAgent({ name: 'Anna', email: 'anna@example.com', autoOffline: false });
      for (let i = 0; i < 26; i++) {
        h.sim.seedConversation({
          inboxId: inbox.id,
          status: 'pending',
          contact: { identifier: `${i}@s.whatsapp.net` },
        });
      }
      const answered = h.sim.seedConversation({
        inboxId: inbox.id,
        status: 'pending',
        assigneeId: agent.id,
        messages: [
          { content: 'hi', messageType: 'incoming' },
          { content: 'hello', messageType: 'outgoing' },
          { content: 'back again', messageType: 'incoming' },
        ],
      });
      h.sim.seedConversation({ inboxId: other.id, status: 'pending' });
      h.sim.seedConversation({ inboxId: inbox.id, status: 'open' });

      const pages = [1, 2, 3].map((page) =>
        h.sut.conversations.list({ status: 'pending', inboxId: String(inbox.id), page }),
      );
      const [first, second, third] = await Promise.all(pages);
      expect([first.length, second.length, third.length]).toEqual([25, 2, 0]);
      expect([...first, ...second].find((c) => c.conversationId === String(answered.id))).toMatchObject({
        inboxId: String(inbox.id),
        status: 'pending',
        assigneeType: 'User',
        agentReplied: true,
        lastMessageIncoming: true,
      });
    });

    it('should open a conversation with toggle_status and an explicit status', async () => {
      const inbox = h.sim.seedInbox({ name: 'acme-wa' });
      const conversation = h.sim.seedConversation({ inboxId: inbox.id, status: 'pending' });
      await h.sut.conversations.setStatus({ conversationId: String(conversation.id), status: 'open' });
      expect(h.sim.requests(R.toggleStatus)[0].body).toEqual({ status: 'open' });
      // An administrator's token never auto-assigns.
      expect(h.sim.conversation(conversation.id)).toMatchObject({ status: 'open', assigneeId: null });
    });

    it('should answer NOT_FOUND when the conversation does not exist', async () => {
      await expect(
        h.sut.conversations.setStatus({ conversationId: '999', status: 'open' }),
      ).rejects.toMatchObject({
        code: PlatformErrorCode.NOT_FOUND,
      });
    });
  });
});
