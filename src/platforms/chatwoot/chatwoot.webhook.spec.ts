import { computeChatwootSignature } from '@app/platforms/chatwoot/chatwoot-signature';
import { ChatwootWebhook } from '@app/platforms/chatwoot/chatwoot.webhook';
import { WebhookBodyError, type WebhookRequest } from '@app/platforms/webhook.types';

const SECRET = 'webhook-secret';
const RECEIVED_AT = new Date('2026-06-17T12:00:05Z');
const NOW_S = String(Math.floor(RECEIVED_AT.getTime() / 1000));

// Recorded shapes of (v4.15.1), spacing kept as Chatwoot's JSON has none.
const STATUS_CHANGED = JSON.stringify({
  event: 'conversation_status_changed',
  id: 42,
  status: 'pending',
  inbox_id: 3,
  channel: 'Channel::Api',
  can_reply: true,
  account: { id: 1, name: 'Acme' },
  meta: {
    sender: { id: 7, name: 'Maria', identifier: '5511999990000@s.whatsapp.net', type: 'contact' },
    assignee: null,
    assignee_type: null,
    team: null,
    hmac_verified: false,
  },
  messages: [{ id: 9876, content: 'Oi', message_type: 0, conversation_id: 42, sender_type: 'Contact' }],
  contact_inbox: { id: 11, source_id: 'x' },
  first_reply_created_at: 0,
  waiting_since: 1781690000,
  timestamp: 1781690000,
  created_at: 1781600000,
  updated_at: 1781690000.12,
  changed_attributes: null,
});
const UPDATED = JSON.stringify({
  ...JSON.parse(STATUS_CHANGED),
  event: 'conversation_updated',
  first_reply_created_at: 1781600100,
  // CW base_listener#extract_changed_attributes: an array of one-key objects.
  changed_attributes: [
    { status: { previous_value: 'resolved', current_value: 'pending' } },
    { updated_at: { previous_value: '2026-06-16T10:00:00Z', current_value: '2026-06-17T12:00:00Z' } },
  ],
});
const MESSAGE_CREATED = JSON.stringify({
  event: 'message_created',
  id: 9876,
  content: 'Oi, voltei',
  message_type: 'incoming',
  content_type: 'text',
  private: false,
  source_id: 'WAID:3EB0C0FFEE',
  created_at: '2026-06-17T12:00:00.000Z',
  sender: { id: 7, name: 'Maria', identifier: '5511999990000@s.whatsapp.net', email: null },
  inbox: { id: 3, name: 'WhatsApp' },
  account: { id: 1, name: 'Acme' },
  conversation: { id: 42, status: 'pending', inbox_id: 3, meta: { sender: {}, assignee: null } },
  attachments: [],
});

const request = (body: string, headers: Record<string, string> = {}): WebhookRequest => ({
  headers: { 'content-type': 'application/json', ...headers },
  query: {},
  rawBody: Buffer.from(body, 'utf8'),
  receivedAt: RECEIVED_AT,
});

const signed = (body: string, timestamp = NOW_S, secret = SECRET) => ({
  'x-chatwoot-timestamp': timestamp,
  'x-chatwoot-signature': computeChatwootSignature(secret, timestamp, body),
  'x-chatwoot-delivery': '6f1c2a9e-1d7b-4c55-9a3e-2b8f0c1d2e3f',
});

describe(ChatwootWebhook.name, () => {
  let sut: ChatwootWebhook;

  beforeEach(() => {
    sut = new ChatwootWebhook({ accountId: 1, secret: SECRET, insecure: false });
  });

  describe('verify', () => {
    it('should accept a delivery when it is signed with the secret over timestamp.body', () => {
      expect(sut.verify(request(STATUS_CHANGED, signed(STATUS_CHANGED)))).toEqual({ ok: true });
    });

    it('should reject a delivery when one byte of the body differs from what was signed', () => {
      const tampered = STATUS_CHANGED.replace('"pending"', '"open"');
      expect(sut.verify(request(tampered, signed(STATUS_CHANGED)))).toEqual({
        ok: false,
        reason: 'X-Chatwoot-Signature does not match',
      });
    });

    it('should reject a delivery when it is signed with another secret', () => {
      expect(sut.verify(request(STATUS_CHANGED, signed(STATUS_CHANGED, NOW_S, 'other'))).ok).toBe(false);
    });

    it('should reject a delivery when its timestamp is more than 300 s away', () => {
      const old = String(Number(NOW_S) - 301);
      expect(sut.verify(request(STATUS_CHANGED, signed(STATUS_CHANGED, old)))).toEqual({
        ok: false,
        reason: 'X-Chatwoot-Timestamp is more than 300 s away',
      });
    });

    it('should accept a delivery when its timestamp is 300 s away exactly', () => {
      const edge = String(Number(NOW_S) + 300);
      expect(sut.verify(request(STATUS_CHANGED, signed(STATUS_CHANGED, edge)))).toEqual({ ok: true });
    });

    it('should reject an unsigned delivery when a secret is configured (Chatwoot ≤ 4.11.1)', () => {
      expect(sut.verify(request(STATUS_CHANGED)).ok).toBe(false);
    });

    it('should reject every delivery when no secret is configured and insecure is off', () => {
      sut = new ChatwootWebhook({ accountId: 1, insecure: false });
      expect(sut.verify(request(STATUS_CHANGED, signed(STATUS_CHANGED))).ok).toBe(false);
    });

    it('should accept an unsigned delivery when no secret is configured and insecure is on', () => {
      sut = new ChatwootWebhook({ accountId: 1, insecure: true });
      expect(sut.verify(request(STATUS_CHANGED))).toEqual({ ok: true });
    });
  });

  describe('signature known answer', () => {
    it('should match an HMAC-SHA256 computed independently (openssl dgst -sha256 -hmac)', () => {
      const body = '{"event":"conversation_updated","id":42}';
      expect(computeChatwootSignature('webhook-secret', '1781697605', body)).toBe(
        'sha256=d4581f3a8cea368eca2348934bc69a6de9c992010dd31176b65b62ae4c3a7e41',
      );
    });
  });

  describe('replays', () => {
    it('should give the same digest to one signed timestamp and body under another delivery id', () => {
      const first = sut.parse(request(STATUS_CHANGED, signed(STATUS_CHANGED)));
      const replay = sut.parse(
        request(STATUS_CHANGED, { ...signed(STATUS_CHANGED), 'x-chatwoot-delivery': 'another-delivery-id' }),
      );

      expect(first.replay).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{64}$/), windowMs: 300_000 });
      expect(replay.replay?.digest).toBe(first.replay?.digest);
      expect(replay.events[0].dedupeKey).not.toBe(first.events[0].dedupeKey);
    });

    it('should give a retry signed at another timestamp another digest', () => {
      const later = String(Number(NOW_S) + 5);
      const first = sut.parse(request(STATUS_CHANGED, signed(STATUS_CHANGED)));
      const retry = sut.parse(request(STATUS_CHANGED, signed(STATUS_CHANGED, later)));

      expect(retry.replay?.digest).not.toBe(first.replay?.digest);
    });
  });

  describe('parse', () => {
    it.each([
      ['1e13 seconds', 1e13],
      ['negative', -1],
      ['two days ahead of arrival', RECEIVED_AT.getTime() / 1000 + 2 * 86_400],
      ['not a time', 'yesterday'],
    ])('should refuse updated_at when it is %s', (_case, updatedAt) => {
      const body = JSON.stringify({ ...JSON.parse(STATUS_CHANGED), updated_at: updatedAt });
      expect(() => sut.parse(request(body))).toThrow(WebhookBodyError);
    });

    it('should refuse a message whose created_at cannot be a time', () => {
      const body = JSON.stringify({
        ...JSON.parse(MESSAGE_CREATED),
        created_at: '+275760-09-14T00:00:00.001Z',
      });
      expect(() => sut.parse(request(body))).toThrow(WebhookBodyError);
    });

    it('should read conversation_status_changed into a conversation event keyed by the delivery id', () => {
      expect(sut.parse(request(STATUS_CHANGED, signed(STATUS_CHANGED))).events).toEqual([
        {
          kind: 'conversation',
          dedupeKey: 'delivery:6f1c2a9e-1d7b-4c55-9a3e-2b8f0c1d2e3f',
          occurredAt: '2026-06-17T09:53:20.120Z',
          conversationId: '42',
          inboxId: '3',
          status: 'pending',
          previousStatus: undefined,
          assigneeType: undefined,
          lastMessageIncoming: true,
          agentReplied: false,
        },
      ]);
    });

    it('should take the previous status from the changed_attributes array when conversation_updated has one', () => {
      const [event] = sut.parse(request(UPDATED)).events;
      expect(event).toMatchObject({ previousStatus: 'resolved', status: 'pending', agentReplied: true });
    });

    it('should key by event, id and updated_at when no X-Chatwoot-Delivery header came', () => {
      expect(sut.parse(request(UPDATED)).events[0].dedupeKey).toBe('conversation_updated:42:1781690000.12');
    });

    it('should report a bot-held conversation with its assignee type', () => {
      const body = JSON.parse(STATUS_CHANGED);
      body.meta.assignee_type = 'AgentBot';
      expect(sut.parse(request(JSON.stringify(body))).events[0]).toMatchObject({ assigneeType: 'AgentBot' });
    });

    it('should read an incoming public message_created with the embedded conversation status', () => {
      expect(sut.parse(request(MESSAGE_CREATED)).events).toEqual([
        {
          kind: 'conversation',
          dedupeKey: 'message_created:9876:2026-06-17T12:00:00.000Z',
          occurredAt: '2026-06-17T12:00:00.000Z',
          conversationId: '42',
          inboxId: '3',
          status: 'pending',
          assigneeType: undefined,
          lastMessageIncoming: true,
          agentReplied: undefined,
        },
      ]);
    });

    it('should mark an outgoing message from a user as an agent reply, not as incoming', () => {
      const body = JSON.parse(MESSAGE_CREATED);
      Object.assign(body, { message_type: 'outgoing', sender: { id: 2, name: 'Anna', type: 'user' } });
      expect(sut.parse(request(JSON.stringify(body))).events[0]).toMatchObject({
        lastMessageIncoming: false,
        agentReplied: true,
      });
    });

    it('should not count a private note as a customer message', () => {
      const body = { ...JSON.parse(MESSAGE_CREATED), private: true };
      expect(sut.parse(request(JSON.stringify(body))).events[0]).toMatchObject({
        lastMessageIncoming: false,
      });
    });

    it('should ignore events chat-bridge does not use', () => {
      const typing = JSON.stringify({ event: 'conversation_typing_on', conversation: { id: 42 } });
      expect(sut.parse(request(typing))).toEqual({ events: [] });
    });

    it('should ignore a delivery of another account', () => {
      const body = { ...JSON.parse(STATUS_CHANGED), account: { id: 2, name: 'Other' } };
      expect(sut.parse(request(JSON.stringify(body)))).toEqual({ events: [] });
    });

    it.each([
      ['not JSON', '{"event":'],
      ['an array', '[]'],
      ['without event', '{"id":42}'],
      ['a conversation without id', '{"event":"conversation_updated","status":"open"}'],
      ['an unknown status', '{"event":"conversation_updated","id":42,"status":"closed"}'],
      ['a message without conversation', '{"event":"message_created","id":1,"message_type":"incoming"}'],
    ])('should throw WebhookBodyError when the body is %s', (_case, body) => {
      expect(() => sut.parse(request(body))).toThrow(WebhookBodyError);
    });
  });
});
