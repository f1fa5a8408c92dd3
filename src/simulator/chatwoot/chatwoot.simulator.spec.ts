import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { computeChatwootSignature } from '@app/platforms/chatwoot/chatwoot-signature';
import { ChatwootWebhook } from '@app/platforms/chatwoot/chatwoot.webhook';
import { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import { CHATWOOT_SIM_ROUTES as R } from '@app/simulator/chatwoot/chatwoot.types';

const ADMIN = 'admin-token';
const SECRET = 'hook-secret';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver that answers `status` and records every delivery. */
const startReceiver = async (status = 200) => {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describe(ChatwootSimulator.name, () => {
  let sut: ChatwootSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const call = async (method: string, path: string, body?: unknown, token: string = ADMIN) => {
    const response = await fetch(`${sut.baseUrl}/api/v1${path}`, {
      method,
      headers: { api_access_token: token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeEach(async () => {
    receiver = await startReceiver();
    sut = new ChatwootSimulator({ adminToken: ADMIN, webhook: { url: receiver.url, secret: SECRET } });
    await sut.start();
  });

  afterEach(async () => {
    await sut.stop();
    await receiver.close();
  });

  it('should validate against the official description when shared/specs is present', () => {
    expect(sut.validating).toBe(true);
  });

  describe('auth and validation', () => {
    it('should answer 401 when the api_access_token is unknown', async () => {
      expect((await call('GET', '/accounts/1/agents', undefined, 'nope')).status).toBe(401);
    });

    it('should answer 401 when an agent-role token manages agents', async () => {
      const agent = sut.seedAgent({ name: 'A', email: 'a@example.com', accessToken: 'agent' });
      const created = await call(
        'POST',
        '/accounts/1/agents',
        { name: 'B', email: 'b@x.io', role: 'agent' },
        agent.accessToken,
      );
      expect(created.status).toBe(401);
    });

    it('should answer 400 and record it when the description rejects the request', async () => {
      const agent = sut.seedAgent({ name: 'A', email: 'a@example.com' });
      const patched = await call('PATCH', `/accounts/1/agents/${agent.id}`, { availability: 'offline' });
      expect(patched.status).toBe(400);
      expect(sut.validationErrors()).toEqual([
        expect.objectContaining({
          routeKey: R.updateAgent,
          errors: ["requestBody: must have required property 'role'"],
        }),
      ]);
    });
  });

  describe('agents', () => {
    it('should ignore availability_status and apply availability when an agent is patched', async () => {
      const agent = sut.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'online',
        autoOffline: false,
      });
      await call('PATCH', `/accounts/1/agents/${agent.id}`, { role: 'agent', availability_status: 'busy' });
      expect(sut.agent(agent.id)?.availability).toBe('online');
      const patched = await call('PATCH', `/accounts/1/agents/${agent.id}`, {
        role: 'agent',
        availability: 'busy',
      });
      expect(patched.body).toMatchObject({ availability_status: 'busy' });
    });

    it('should read offline for an auto-offline agent until it has presence', async () => {
      const agent = sut.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'busy',
        autoOffline: true,
      });
      const status = async () =>
        (await call('GET', '/accounts/1/agents')).body.find((a: any) => a.id === agent.id)
          .availability_status;
      expect(await status()).toBe('offline');
      sut.setPresence(agent.id, true);
      expect(await status()).toBe('busy');
    });

    it('should answer 402 when the seat limit is reached', async () => {
      await sut.stop();
      sut = new ChatwootSimulator({ adminToken: ADMIN, seatLimit: 1 });
      await sut.start();
      const created = await call('POST', '/accounts/1/agents', {
        name: 'B',
        email: 'b@example.com',
        role: 'agent',
      });
      expect(created.status).toBe(402);
    });

    it('should remove an agent with 200 and an empty body', async () => {
      const agent = sut.seedAgent({ name: 'A', email: 'a@example.com' });
      expect(await call('DELETE', `/accounts/1/agents/${agent.id}`)).toEqual({
        status: 200,
        body: undefined,
      });
      expect(sut.agent(agent.id)).toBeUndefined();
    });
  });

  describe('conversations', () => {
    let inboxId: number;

    beforeEach(() => {
      inboxId = sut.seedInbox({ name: 'acme-wa' }).id;
    });

    it('should reopen a resolved conversation as open when the customer writes and no bot is active', () => {
      const { id } = sut.seedConversation({ inboxId, status: 'resolved' });
      sut.addMessage(id, { content: 'again', messageType: 'incoming' });
      expect(sut.conversation(id)?.status).toBe('open');
    });

    it('should reopen a resolved conversation as pending when the inbox has an active bot', () => {
      sut.setInboxBot(inboxId, { name: 'Triage' });
      const { id } = sut.seedConversation({ inboxId, status: 'resolved' });
      sut.addMessage(id, { content: 'again', messageType: 'incoming' });
      expect(sut.conversation(id)?.status).toBe('pending');
    });

    it('should leave a muted conversation resolved and reopen a snoozed one as open', () => {
      const muted = sut.seedConversation({ inboxId, status: 'resolved', muted: true });
      const snoozed = sut.seedConversation({ inboxId, status: 'snoozed' });
      sut.addMessage(muted.id, { content: 'x', messageType: 'incoming' });
      sut.addMessage(snoozed.id, { content: 'x', messageType: 'incoming' });
      expect([sut.conversation(muted.id)?.status, sut.conversation(snoozed.id)?.status]).toEqual([
        'resolved',
        'open',
      ]);
    });

    it('should force pending on a new conversation when the inbox has an active bot', () => {
      sut.setInboxBot(inboxId, { name: 'Triage' });
      expect(sut.createConversation(inboxId, { identifier: 'x@s.whatsapp.net' }, 'open').status).toBe(
        'pending',
      );
    });

    it('should assign the conversation to an agent-role caller who opens it, not to an administrator', async () => {
      const agent = sut.seedAgent({ name: 'A', email: 'a@example.com', accessToken: 'agent' });
      const first = sut.seedConversation({ inboxId, status: 'pending' });
      const second = sut.seedConversation({ inboxId, status: 'pending' });
      await call(
        'POST',
        `/accounts/1/conversations/${first.id}/toggle_status`,
        { status: 'open' },
        agent.accessToken,
      );
      const answer = await call('POST', `/accounts/1/conversations/${second.id}/toggle_status`, {
        status: 'open',
      });
      expect(answer.body.payload).toMatchObject({
        success: true,
        conversation_id: second.id,
        current_status: 'open',
      });
      expect([sut.conversation(first.id)?.assigneeId, sut.conversation(second.id)?.assigneeId]).toEqual([
        agent.id,
        null,
      ]);
    });

    it('should let the inbox bot hand a pending conversation off but not list conversations', async () => {
      const botToken = sut.setInboxBot(inboxId, { name: 'Triage' })!.accessToken;
      const { id } = sut.seedConversation({ inboxId, status: 'pending' });
      expect(
        (await call('POST', `/accounts/1/conversations/${id}/toggle_status`, { status: 'open' }, botToken))
          .status,
      ).toBe(200);
      expect(sut.conversation(id)?.waitingSince).not.toBeNull();
      expect((await call('GET', '/accounts/1/conversations', undefined, botToken)).status).toBe(401);
    });

    it('should filter by status and inbox and page by 25 with counts', async () => {
      const other = sut.seedInbox({ name: 'web' }).id;
      for (let i = 0; i < 30; i++) {
        sut.seedConversation({ inboxId, status: 'pending' });
      }
      sut.seedConversation({ inboxId: other, status: 'pending' });
      sut.seedConversation({ inboxId, status: 'open' });
      const page2 = await call('GET', `/accounts/1/conversations?status=pending&inbox_id=${inboxId}&page=2`);
      expect(page2.body.data.payload).toHaveLength(5);
      expect(page2.body.data.meta).toEqual({
        mine_count: 0,
        assigned_count: 0,
        unassigned_count: 30,
        all_count: 30,
      });
    });

    it('should report the agent bot of an inbox, and an empty one without a bot', async () => {
      expect((await call('GET', `/accounts/1/inboxes/${inboxId}/agent_bot`)).body).toEqual({ agent_bot: {} });
      sut.setInboxBot(inboxId, { name: 'Triage' });
      expect((await call('GET', `/accounts/1/inboxes/${inboxId}/agent_bot`)).body.agent_bot).toMatchObject({
        name: 'Triage',
      });
    });
  });

  describe('webhooks', () => {
    let conversationId: number;

    beforeEach(() => {
      const inboxId = sut.seedInbox({ name: 'acme-wa' }).id;
      conversationId = sut.seedConversation({ inboxId, status: 'resolved' }).id;
    });

    it('should sign each delivery over timestamp.body and send status_changed, updated and message_created', async () => {
      sut.addMessage(conversationId, { content: 'again', messageType: 'incoming' });
      await sut.webhooksSettled();
      const events = receiver.received.map((r) => JSON.parse(r.body).event);
      expect(events).toEqual(['conversation_status_changed', 'conversation_updated', 'message_created']);
      for (const { headers, body } of receiver.received) {
        const timestamp = headers['x-chatwoot-timestamp'] as string;
        expect(headers['x-chatwoot-signature']).toBe(computeChatwootSignature(SECRET, timestamp, body));
        expect(headers['x-chatwoot-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(JSON.parse(receiver.received[1].body).changed_attributes).toEqual([
        { status: { previous_value: 'resolved', current_value: 'open' } },
      ]);
    });

    it('should deliver what the chat-bridge webhook handler verifies and reads as the reopening', async () => {
      sut.setInboxBot(sut.conversation(conversationId)!.inboxId, { name: 'Triage' });
      sut.addMessage(conversationId, { content: 'again', messageType: 'incoming' });
      await sut.webhooksSettled();
      const handler = new ChatwootWebhook({ accountId: 1, secret: SECRET, insecure: false });
      const events = receiver.received.map(({ headers, body }) => {
        const request = {
          headers: headers as Record<string, string>,
          query: {},
          rawBody: Buffer.from(body),
          receivedAt: new Date(),
        };
        expect(handler.verify(request)).toEqual({ ok: true });
        return handler.parse(request).events[0];
      });
      expect(events).toEqual([
        expect.objectContaining({ kind: 'conversation', status: 'pending', previousStatus: undefined }),
        expect.objectContaining({ status: 'pending', previousStatus: 'resolved' }),
        expect.objectContaining({ status: 'pending', lastMessageIncoming: true }),
      ]);
    });

    it('should fire nothing when toggle_status sets the status it already has', async () => {
      await call('POST', `/accounts/1/conversations/${conversationId}/toggle_status`, { status: 'resolved' });
      await sut.webhooksSettled();
      expect(receiver.received).toEqual([]);
    });

    it('should try each delivery once when the receiver fails', async () => {
      await receiver.close();
      receiver = await startReceiver(500);
      sut.setWebhook({ url: receiver.url, secret: SECRET });
      sut.setConversationStatus(conversationId, 'pending');
      await sut.webhooksSettled();
      expect(receiver.received).toHaveLength(2);
      expect(sut.webhookDeliveries().map((d) => d.status)).toEqual([500, 500]);
    });

    it('should not send a delivery it was told to lose, and record it as lost', async () => {
      sut.loseWebhooks(1, 'conversation_status_changed');
      sut.setConversationStatus(conversationId, 'pending');
      await sut.webhooksSettled();
      expect(receiver.received.map((r) => JSON.parse(r.body).event)).toEqual(['conversation_updated']);
      expect(sut.webhookDeliveries().map((d) => [d.event, d.lost])).toEqual([
        ['conversation_status_changed', true],
        ['conversation_updated', false],
      ]);
    });
  });
});
