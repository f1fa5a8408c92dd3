import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { TencentChatWebhook } from '@app/platforms/tencent-chat/tencent-chat.webhook';
import type { ParsedWebhook, WebhookRequest } from '@app/platforms/webhook.types';
import { TencentCallbackSender } from '@app/simulator/tencent-chat/tencent-callback-sender';

const SDK_APP_ID = 1400000000;
const TOKEN = 'callback-token';
const EVENT_TIME = 1629883332497;

describe(TencentCallbackSender.name, () => {
  let receiver: Server;
  let url: string;
  let received: Array<{ request: WebhookRequest; parsed?: ParsedWebhook }>;
  const handler = new TencentChatWebhook({ sdkAppId: SDK_APP_ID, token: TOKEN, insecure: false });

  // The bridge's own handler stands behind the receiver: a signed callback must verify and parse.
  beforeEach(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        const request: WebhookRequest = {
          headers: {},
          query,
          rawBody: Buffer.concat(chunks),
          receivedAt: new Date(),
        };
        const verified = handler.verify(request);
        let parsed: ParsedWebhook | undefined;
        try {
          parsed = verified.ok ? handler.parse(request) : undefined;
        } catch {
          parsed = undefined; // answered 400 below
        }
        received.push({ request, parsed });
        const status = !verified.ok ? 401 : parsed ? 200 : 400;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? handler.acknowledgement() : { error: 'refused' }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/tencent`;
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const sender = (overrides: Partial<ConstructorParameters<typeof TencentCallbackSender>[0]> = {}) =>
    new TencentCallbackSender({ url, sdkAppId: SDK_APP_ID, token: TOKEN, optPlatform: 'Web', ...overrides });

  it('should send the query string Chat uses and a body the bridge verifies when a state change is sent', async () => {
    const result = await sender().stateChange({ userId: 'op_1', action: 'Login', eventTimeMs: EVENT_TIME });

    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
    const { query, rawBody } = received[0].request;
    expect(Object.keys(query)).toEqual([
      'SdkAppid',
      'CallbackCommand',
      'contenttype',
      'ClientIP',
      'OptPlatform',
      'Sign',
      'RequestTime',
    ]);
    expect(query).toMatchObject({
      SdkAppid: String(SDK_APP_ID),
      CallbackCommand: 'State.StateChange',
      contenttype: 'json',
      OptPlatform: 'Web',
    });
    expect(JSON.parse(rawBody.toString('utf8'))).toEqual({
      CallbackCommand: 'State.StateChange',
      EventTime: EVENT_TIME,
      Info: { Action: 'Login', To_Account: 'op_1', Reason: 'Register' },
    });
    expect(received[0].parsed?.events[0]).toMatchObject({
      kind: 'availability',
      remoteId: 'op_1',
      availability: 'online',
    });
  });

  it.each(['ChatBot.OnAssignAgent', 'ChatBot.OnAssignHuman'] as const)(
    'should deliver an assignment request when %s is sent',
    async (command) => {
      await sender().assignAgent({
        sessionId: 'aa-bb',
        clientUserId: '123',
        command,
        eventTimeMs: EVENT_TIME,
      });

      expect(received[0].request.query.CallbackCommand).toBe(command);
      expect(received[0].parsed?.assignment).toMatchObject({
        command,
        sessionId: 'aa-bb',
        clientUserId: '123',
      });
    },
  );

  it('should add a RequestID and repeat it when a Desk session event is retried', async () => {
    const event = {
      sessionId: 's-1',
      event: 'SessionBegin',
      agentId: 'svc1@x.com',
      requestId: 'req-7',
      eventTimeMs: EVENT_TIME,
    };

    await sender().sessionEvent(event);
    await sender().sessionEvent(event);

    expect(received.map((r) => r.request.query.RequestID)).toEqual(['req-7', 'req-7']);
    expect(received.map((r) => r.parsed?.events[0].dedupeKey)).toEqual(['desk:req-7', 'desk:req-7']);
  });

  it('should leave Sign and RequestTime out when no token is configured', async () => {
    const result = await sender({ token: undefined }).stateChange({ userId: 'op_1', action: 'Logout' });

    expect(result.status).toBe(401);
    expect(received[0].request.query).not.toHaveProperty('Sign');
    expect(received[0].request.query).not.toHaveProperty('RequestTime');
  });

  it.each([
    ['the token is wrong', { token: 'guessed' }],
    ['RequestTime is two minutes old', { now: () => Date.now() - 120_000 }],
    ['SdkAppid is another app', { sdkAppId: 1400000001 }],
  ])('should be refused by the bridge when %s', async (_case, overrides) => {
    const result = await sender(overrides).stateChange({ userId: 'op_1', action: 'Disconnect' });

    expect(result.status).toBe(401);
  });

  it('should let a test override query parameters when sending a raw callback', async () => {
    const command = 'Group.CallbackAfterNewMemberJoin';
    const result = await sender().send({ command, body: '{}', query: { ClientIP: '10.1.2.3' } });

    expect(result.status).toBe(200);
    expect(received[0].request.query).toMatchObject({ ClientIP: '10.1.2.3', CallbackCommand: command });
    expect(received[0].parsed).toEqual({ events: [] });
  });
});
