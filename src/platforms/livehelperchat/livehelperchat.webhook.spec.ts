import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  LHC_WEBHOOK_TEMPLATES,
  type LhcWebhookEvent,
  LHC_WEBHOOK_EVENTS,
} from '@app/platforms/livehelperchat/livehelperchat-webhook.templates';
import { LiveHelperChatWebhook } from '@app/platforms/livehelperchat/livehelperchat.webhook';
import { WebhookBodyError, type WebhookRequest } from '@app/platforms/webhook.types';
import { renderLhcTemplate } from '@app/simulator';

const SECRET = 'lhc-shared-secret';
const RECEIVED_AT = new Date('2026-01-05T09:00:30Z');
const TS = 1767603600; // 2026-01-05T09:00:00Z

/** A body exactly as LHC renders the published template for `event` with these args. */
const render = (event: LhcWebhookEvent, args: Record<string, unknown>, ts = TS): string =>
  renderLhcTemplate(LHC_WEBHOOK_TEMPLATES[LHC_WEBHOOK_EVENTS[event]], { ...args, lhc_event: event }, ts);

const request = (body: string, headers: Record<string, string> = {}, query = {}): WebhookRequest => ({
  headers: { 'content-type': 'application/json', 'x-bridge-secret': SECRET, ...headers },
  query,
  rawBody: Buffer.from(body, 'utf8'),
  receivedAt: RECEIVED_AT,
});

const STATUS_OFFLINE = render('chat.operator_status_changed', {
  user: { id: 17, hide_online: 1, invisible_mode: 0 },
  reason: 'user_action',
});

describe(LiveHelperChatWebhook.name, () => {
  let sut: LiveHelperChatWebhook;

  beforeEach(() => {
    sut = new LiveHelperChatWebhook({ secret: SECRET, insecure: false });
  });

  describe('verify', () => {
    it('should accept the delivery when X-Bridge-Secret carries the secret', () => {
      expect(sut.verify(request(STATUS_OFFLINE))).toEqual({ ok: true });
    });

    it('should accept the delivery when the secret comes as ?secret=', () => {
      const delivery = request(STATUS_OFFLINE, { 'x-bridge-secret': undefined as never }, { secret: SECRET });

      expect(sut.verify(delivery)).toEqual({ ok: true });
    });

    it.each([
      ['a wrong secret', { 'x-bridge-secret': 'lhc-shared-secreT' }],
      ['a longer secret', { 'x-bridge-secret': `${SECRET}x` }],
      ['no secret', { 'x-bridge-secret': undefined as never }],
    ])('should reject the delivery when it carries %s', (_label, headers) => {
      expect(sut.verify(request(STATUS_OFFLINE, headers))).toEqual({
        ok: false,
        reason: 'shared secret missing or wrong',
      });
    });

    it('should reject every delivery when no secret is configured and insecure is false', () => {
      sut = new LiveHelperChatWebhook({ insecure: false });

      expect(sut.verify(request(STATUS_OFFLINE)).ok).toBe(false);
    });

    it('should accept without a secret when no secret is configured and insecure is true', () => {
      sut = new LiveHelperChatWebhook({ insecure: true });

      expect(sut.verify(request(STATUS_OFFLINE, { 'x-bridge-secret': undefined as never }))).toEqual({
        ok: true,
      });
    });
  });

  describe('replay window', () => {
    const status = (ts: number) =>
      render('chat.operator_status_changed', { user: { id: 17, hide_online: 1, invisible_mode: 0 } }, ts);

    it.each([
      ['301 s before arrival', TS + 30 - 301],
      ['a year before arrival', TS - 365 * 86_400],
      ['301 s after arrival', TS + 30 + 301],
    ])('should refuse a delivery whose ts is %s', (_case, ts) => {
      expect(() => sut.parse(request(status(ts)))).toThrow('ts is more than 300 s from arrival');
    });

    it('should accept a delivery sent 300 s before arrival', () => {
      expect(sut.parse(request(status(TS + 30 - 300))).events).toHaveLength(1);
    });
  });

  describe('parse', () => {
    it('should read an offline availability when an operator sets hide_online', () => {
      expect(sut.parse(request(STATUS_OFFLINE)).events).toEqual([
        {
          kind: 'availability',
          remoteId: '17',
          availability: 'offline',
          occurredAt: '2026-01-05T09:00:00.999Z',
          dedupeKey: `chat.operator_status_changed:17:${TS}:10`,
        },
      ]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['online', { id: '17', hide_online: '0', invisible_mode: '0' }, 'online'],
      ['invisible', { id: 17, hide_online: false, invisible_mode: true }, 'busy'],
    ])('should read %s leniently when the values are strings or booleans', (_label, user, expected) => {
      const body = render('chat.operator_visibility_changed', { user, reason: 'user_action' });

      expect(sut.parse(request(body)).events[0]).toMatchObject({ remoteId: '17', availability: expected });
    });

    it.each(['restapi_action', 'rest_api'])(
      'should produce no event when the reason is %s (our own write)',
      (reason) => {
        const body = render('chat.operator_status_changed', {
          user: { id: 17, hide_online: 0, invisible_mode: 0 },
          reason,
        });

        expect(sut.parse(request(body)).events).toEqual([]);
      },
    );

    it('should produce no event when the body says initiator restapi', () => {
      const body =
        '{"event": "chat.data_changed_auto_assign", "chat_id": 5, "user_id": 3, "initiator": "restapi"}';

      expect(sut.parse(request(body)).events).toEqual([]);
    });

    it.each(['user.user_created', 'user.user_modified'] as const)(
      'should ask for a reconcile when %s arrives',
      (event) => {
        const body = render(event, { userData: { id: 31 } });

        expect(sut.parse(request(body)).events).toEqual([
          {
            kind: 'operator-changed',
            remoteId: '31',
            occurredAt: '2026-01-05T09:00:00.999Z',
            dedupeKey: `${event}:31:${TS}`,
          },
        ]);
      },
    );

    it('should report the assignee when a chat was auto-assigned', () => {
      const body = render('chat.data_changed_auto_assign', {
        chat: { id: 512, user_id: 4, dep_id: 2, tslasign: TS - 5 },
      });

      expect(sut.parse(request(body)).events).toEqual([
        {
          kind: 'chat-assigned',
          chatId: '512',
          remoteId: '4',
          occurredAt: '2026-01-05T08:59:55.999Z',
          dedupeKey: `chat.data_changed_auto_assign:512:${TS - 5}`,
        },
      ]);
    });

    it('should give the same dedupe key when a delivery is repeated', () => {
      const first = sut.parse(request(STATUS_OFFLINE)).events[0];
      const again = sut.parse(request(STATUS_OFFLINE)).events[0];

      expect(again.dedupeKey).toBe(first.dedupeKey);
    });

    it('should return no events when the event is not one it handles', () => {
      expect(sut.parse(request('{"event": "chat.close", "chat_id": 5}')).events).toEqual([]);
    });

    it.each([
      ['not JSON', '{"event": '],
      ['a JSON array', '[]'],
      ['without event', '{"user_id": 5}'],
      ['without user_id', '{"event": "chat.operator_status_changed", "hide_online": 1, "ts": 1}'],
      ['with a bad timestamp', '{"event": "user.user_created", "user_id": 5, "ts": "yesterday"}'],
    ])('should throw WebhookBodyError when the body is %s', (_label, body) => {
      expect(() => sut.parse(request(body))).toThrow(WebhookBodyError);
    });
  });

  it('should acknowledge with a body that serialises to nothing, so LHC saves nothing into the chat', () => {
    expect(JSON.stringify(sut.acknowledgement())).toBeUndefined();
  });

  it('should find every template verbatim, and "Do not save response", when reading docs/livehelperchat.md', () => {
    const docs = readFileSync(path.join(__dirname, '../../../docs/livehelperchat.md'), 'utf8');

    for (const template of Object.values(LHC_WEBHOOK_TEMPLATES)) {
      expect(docs).toContain(template);
    }
    for (const event of Object.keys(LHC_WEBHOOK_EVENTS)) {
      expect(docs).toContain(`\`${event}\``);
    }
    expect(docs).toContain('Do not save response');
  });
});
