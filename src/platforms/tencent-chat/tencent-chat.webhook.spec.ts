import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';
import { TencentChatWebhook } from '@app/platforms/tencent-chat/tencent-chat.webhook';
import { WebhookBodyError, type WebhookRequest } from '@app/platforms/webhook.types';

const SDK_APP_ID = 1400000000;
const TOKEN = 'callback-token';
const RECEIVED_AT = new Date('2025-03-01T10:00:00Z');
const NOW_S = String(Math.floor(RECEIVED_AT.getTime() / 1000));

// Raw bodies as the notes record them, spacing kept.
const STATE_LOGIN = `{"CallbackCommand":"State.StateChange","EventTime":1629883332497,
 "Info":{"Action":"Login","To_Account":"testuser316","Reason":"Register"},
 "KickedDevice":[{"Platform":"Windows"}]}`;
const ASSIGN_HUMAN =
  '{"CallbackCommand":"ChatBot.OnAssignHuman","SessionId":"aa-bb","ClientUserId":"123","CustomerServiceId":"@cs_account","EventTime":1670574414123}';
const SESSION_BEGIN =
  '{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"aa-bb","Event":"SessionBegin","EventTime":1670574414999,"ChannelType":"SDK","ClientUserId":"123","AgentId":"svc1@x.com"}';

const request = (body: string, query: Record<string, string | undefined> = {}): WebhookRequest => ({
  headers: { 'content-type': 'application/json' },
  query: {
    SdkAppid: String(SDK_APP_ID),
    contenttype: 'json',
    ClientIP: '10.0.0.1',
    OptPlatform: 'RESTAPI',
    ...query,
  },
  rawBody: Buffer.from(body, 'utf8'),
  receivedAt: RECEIVED_AT,
});

const signed = (query: Record<string, string> = {}) => ({
  Sign: computeCallbackSign(TOKEN, NOW_S),
  RequestTime: NOW_S,
  ...query,
});

describe(TencentChatWebhook.name, () => {
  let sut: TencentChatWebhook;

  beforeEach(() => {
    sut = new TencentChatWebhook({ sdkAppId: SDK_APP_ID, token: TOKEN, insecure: false });
  });

  describe('Sign known answer', () => {
    it('should match the documented example (token xxxxyyyy, RequestTime 1669872112)', () => {
      expect(computeCallbackSign('xxxxyyyy', '1669872112')).toBe(
        '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061',
      );
    });
  });

  describe('replays', () => {
    it('should digest RequestTime and body, since Sign covers no body', () => {
      const first = sut.parse(request(STATE_LOGIN, signed()));
      const again = sut.parse(request(STATE_LOGIN, signed({ RequestID: 'other' })));
      const otherBody = sut.parse(request(STATE_LOGIN.replace('Login', 'Logout'), signed()));

      expect(first.replay).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{64}$/), windowMs: 60_000 });
      expect(again.replay?.digest).toBe(first.replay?.digest);
      expect(otherBody.replay?.digest).not.toBe(first.replay?.digest);
    });

    it('should not digest anything when no token is configured', () => {
      sut = new TencentChatWebhook({ sdkAppId: SDK_APP_ID, insecure: true });
      expect(sut.parse(request(STATE_LOGIN)).replay).toBeUndefined();
    });
  });

  describe('event times', () => {
    it.each([
      ['1e16', 1e16],
      ['negative', -5],
      ['two days ahead of arrival', RECEIVED_AT.getTime() + 2 * 86_400_000],
    ])('should refuse EventTime %s', (_case, eventTime) => {
      const body = STATE_LOGIN.replace('1629883332497', String(eventTime));
      expect(() => sut.parse(request(body, signed()))).toThrow(WebhookBodyError);
      const assign = ASSIGN_HUMAN.replace('1670574414123', String(eventTime));
      expect(() => sut.parse(request(assign, signed()))).toThrow(WebhookBodyError);
    });
  });

  describe('verify', () => {
    it('should accept the callback when it is signed with the token', () => {
      expect(sut.verify(request(STATE_LOGIN, signed()))).toEqual({ ok: true });
    });

    it('should reject the callback when a token is configured and the Sign is absent', () => {
      expect(sut.verify(request(STATE_LOGIN)).ok).toBe(false);
    });

    it('should reject the callback when SdkAppid is another app', () => {
      expect(sut.verify(request(STATE_LOGIN, signed({ SdkAppid: '1400000001' })))).toEqual({
        ok: false,
        reason: 'SdkAppid does not match',
      });
    });

    it('should reject the callback when RequestTime is two minutes old', () => {
      const old = String(Number(NOW_S) - 120);
      const query = { Sign: computeCallbackSign(TOKEN, old), RequestTime: old };

      expect(sut.verify(request(STATE_LOGIN, query)).ok).toBe(false);
    });

    it('should reject every callback when no token is configured and insecure is false', () => {
      sut = new TencentChatWebhook({ sdkAppId: SDK_APP_ID, insecure: false });

      expect(sut.verify(request(STATE_LOGIN, signed())).ok).toBe(false);
    });

    it('should check only SdkAppid when no token is configured and insecure is true', () => {
      sut = new TencentChatWebhook({ sdkAppId: SDK_APP_ID, insecure: true });

      expect(sut.verify(request(STATE_LOGIN))).toEqual({ ok: true });
      expect(sut.verify(request(STATE_LOGIN, { SdkAppid: '1' })).ok).toBe(false);
    });
  });

  describe('parse', () => {
    it('should map a Login to an online availability event when State.StateChange arrives', () => {
      expect(sut.parse(request(STATE_LOGIN, { CallbackCommand: 'State.StateChange' }))).toEqual({
        events: [
          {
            kind: 'availability',
            remoteId: 'testuser316',
            availability: 'online',
            occurredAt: new Date(1629883332497).toISOString(),
            dedupeKey: 'state:testuser316:Login:1629883332497',
          },
        ],
      });
    });

    it.each([
      ['Logout', 'Unregister', undefined],
      ['Disconnect', 'LinkClose', true],
    ])('should map %s to offline when it arrives', (action, reason, weak) => {
      const body = STATE_LOGIN.replace('"Login"', `"${action}"`).replace('"Register"', `"${reason}"`);

      const [event] = sut.parse(request(body)).events;

      expect(event).toMatchObject({ kind: 'availability', availability: 'offline' });
      expect(event).toEqual(
        expect.objectContaining({ dedupeKey: `state:testuser316:${action}:1629883332497` }),
      );
      expect((event as { weak?: boolean }).weak).toBe(weak);
    });

    it.each(['ChatBot.OnAssignHuman', 'ChatBot.OnAssignAgent'])(
      'should return an assignment request when %s arrives',
      (command) => {
        const body = ASSIGN_HUMAN.replace('ChatBot.OnAssignHuman', command);

        expect(sut.parse(request(body, { CallbackCommand: command }))).toEqual({
          events: [],
          assignment: {
            dedupeKey: 'assign:aa-bb:1670574414123',
            command,
            sessionId: 'aa-bb',
            clientUserId: '123',
            occurredAt: new Date(1670574414123).toISOString(),
          },
        });
      },
    );

    it('should key a Desk session event on RequestID when the query carries one', () => {
      const parsed = sut.parse(request(SESSION_BEGIN, { RequestID: 'req-42' }));

      expect(parsed.events).toEqual([
        {
          kind: 'session',
          sessionId: 'aa-bb',
          event: 'SessionBegin',
          agentId: 'svc1@x.com',
          clientUserId: '123',
          occurredAt: new Date(1670574414999).toISOString(),
          dedupeKey: 'desk:req-42',
        },
      ]);
    });

    it('should key a Desk session event on session, event and time when RequestID is absent', () => {
      const [event] = sut.parse(request(SESSION_BEGIN)).events;

      expect(event.dedupeKey).toBe('session:aa-bb:SessionBegin:1670574414999');
    });

    it('should take the command from the body when the query has none', () => {
      expect(sut.parse(request(STATE_LOGIN)).events).toHaveLength(1);
    });

    it('should return no events when the command is one it does not handle', () => {
      const body = '{"CallbackCommand":"C2C.CallbackAfterSendMsg","From_Account":"a"}';

      expect(sut.parse(request(body, { CallbackCommand: 'C2C.CallbackAfterSendMsg' }))).toEqual({
        events: [],
      });
    });

    it.each([
      ['the body is not JSON', 'CallbackCommand=State.StateChange'],
      ['the body is a JSON array', '[]'],
      ['there is no command at all', '{"EventTime":1}'],
      ['State.StateChange has no Info', '{"CallbackCommand":"State.StateChange","EventTime":1}'],
      [
        'Info has no To_Account',
        '{"CallbackCommand":"State.StateChange","EventTime":1,"Info":{"Action":"Login"}}',
      ],
      ['an assignment has no SessionId', '{"CallbackCommand":"ChatBot.OnAssignAgent","EventTime":1}'],
      ['a session event has no Event', '{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"s"}'],
      [
        'EventTime is text',
        '{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"s","Event":"e","EventTime":"x"}',
      ],
    ])('should throw WebhookBodyError when %s', (_case, body) => {
      expect(() => sut.parse(request(body))).toThrow(WebhookBodyError);
    });
  });

  describe('acknowledgement', () => {
    it('should answer the envelope Tencent expects when asked', () => {
      expect(sut.acknowledgement()).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
    });
  });

  describe('answerAssignment', () => {
    it('should list the agents and the group when both are given', () => {
      expect(sut.answerAssignment({ agentIds: ['svc1@x.com'], groupId: 6521 })).toEqual({
        ActionStatus: 'OK',
        ErrorInfo: '',
        ErrorCode: 0,
        AgentGroupId: 6521,
        AgentIdList: ['svc1@x.com'],
      });
    });

    it('should answer only the group when no agent is available', () => {
      expect(sut.answerAssignment({ agentIds: [], groupId: 6521 })).not.toHaveProperty('AgentIdList');
    });

    it('should answer FAIL with ErrorCode 1 when there is neither an agent nor a group', () => {
      expect(sut.answerAssignment({ agentIds: [] })).toEqual({
        ActionStatus: 'FAIL',
        ErrorInfo: 'no agent available',
        ErrorCode: 1,
      });
    });
  });
});
