import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';

import { testClock } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { LhcWebhookSender } from '@app/simulator/livehelperchat/lhc-webhook.sender';
import { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';

interface Received {
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe(LhcWebhookSender.name, () => {
  let receiver: Server;
  let url: string;
  let received: Received[];
  let clock: ReturnType<typeof testClock>;

  beforeEach(async () => {
    received = [];
    clock = testClock();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/lhc`;
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('should post the rendered status template with the secret header when a status event is sent', async () => {
    const sut = new LhcWebhookSender({ url, secret: 's3cret', now: clock.now });

    await sut.operatorStatusChanged({ userId: 17, hideOnline: 1 });

    expect(received).toEqual([
      expect.objectContaining({
        url: '/webhooks/lhc',
        headers: expect.objectContaining({ 'x-bridge-secret': 's3cret', 'content-type': 'application/json' }),
        body: `{"event": "chat.operator_status_changed", "user_id": 17, "hide_online": 1, "invisible_mode": 0, "reason": "user_action", "ts": ${clock.now() / 1000}}`,
      }),
    ]);
    expect(sut.history()).toEqual([
      expect.objectContaining({ event: 'chat.operator_status_changed', status: 200 }),
    ]);
  });

  it('should put the secret in the query when the API-key-in-query option is used', async () => {
    const sut = new LhcWebhookSender({ url, secret: 'a b', secretIn: 'query' });

    await sut.userChanged({ userId: 5, ts: 1 });

    expect(received[0].url).toBe('/webhooks/lhc?secret=a%20b');
    expect(received[0].headers).not.toHaveProperty('x-bridge-secret');
    expect(received[0].body).toBe('{"event": "user.user_created", "user_id": 5, "ts": 1}');
  });

  it('should deliver inside the REST call when the simulator has webhooks configured', async () => {
    const sim = new LiveHelperChatSimulator({ now: clock.now });
    await sim.start();
    sim.seed({
      departments: [{ id: 1, name: 'Sales', autoAssign: true }],
      users: [
        { username: 'bridge', allDepartments: true },
        { username: 'anna', departments: [1], active: true },
      ],
      apiKeys: [{ username: 'bridge', apiKey: 'k' }],
    });
    sim.configureWebhooks({ url, secret: 's3cret' });
    const anna = sim.userByUsername('anna')!;
    const chat = sim.startChat(1);

    try {
      await axios.get(`${sim.baseUrl}/restapi/setonlinestatus/${anna.id}/0`, {
        auth: { username: 'bridge', password: 'k' },
      });
      await sim.operatorSetsOnline(anna.id, true);
      await sim.autoAssign(chat);
    } finally {
      await sim.stop();
    }

    expect(received.map((r) => JSON.parse(r.body) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        event: 'chat.operator_status_changed',
        user_id: anna.id,
        hide_online: 1,
        reason: 'restapi_action',
      }),
      expect.objectContaining({
        event: 'chat.operator_status_changed',
        user_id: anna.id,
        hide_online: 0,
        reason: 'user_action',
      }),
      expect.objectContaining({
        event: 'chat.data_changed_auto_assign',
        chat_id: chat,
        user_id: anna.id,
        dep_id: 1,
      }),
    ]);
    expect(sim.webhookDeliveries().map((d) => d.status)).toEqual([200, 200, 200]);
  });
});
