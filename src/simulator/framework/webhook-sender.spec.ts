import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookSender } from '@app/simulator/framework/webhook-sender';

interface Received {
  method?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe(WebhookSender.name, () => {
  let receiver: Server;
  let url: string;
  let received: Received[];
  let sut: WebhookSender;

  beforeEach(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(req.url === '/reject' ? 401 : 200, {
          'content-type': 'application/json',
          'x-seen': 'yes',
        });
        res.end(req.url === '/reject' ? '{"error":"bad signature"}' : '{"ActionStatus":"OK"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    sut = new WebhookSender();
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('should deliver the exact bytes and headers when a webhook is sent', async () => {
    // Odd spacing on purpose: a re-serialised body would break the receiver's signature check.
    const body = '{ "event":"conversation_status_changed",  "id": 1 }';

    const result = await sut.send({
      url: `${url}/hook`,
      body,
      headers: { 'X-Chatwoot-Signature': 'sha256=abc' },
    });

    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].body.toString('utf8')).toBe(body);
    expect(received[0].headers).toMatchObject({
      'x-chatwoot-signature': 'sha256=abc',
      'content-type': 'application/json',
    });
    expect(result).toMatchObject({
      status: 200,
      body: '{"ActionStatus":"OK"}',
      headers: { 'x-seen': 'yes' },
    });
  });

  it('should return the status and raw body instead of throwing when the receiver refuses', async () => {
    const result = await sut.send({
      url: `${url}/reject`,
      body: Buffer.from('a=1'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(result.status).toBe(401);
    expect(result.body).toBe('{"error":"bad signature"}');
    expect(received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sut.history()).toEqual([expect.objectContaining({ url: `${url}/reject`, status: 401 })]);
  });

  it('should reject and record the error when the receiver is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`;
    await new Promise((resolve) => closed.close(resolve));

    await expect(sut.send({ url: deadUrl, body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(sut.history()).toEqual([expect.objectContaining({ url: deadUrl, error: expect.any(String) })]);
  });
});
