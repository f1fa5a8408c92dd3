import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';

describe(PlatformHttpClient.name, () => {
  let server: Server;
  let connections: number;
  let client: PlatformHttpClient;

  beforeEach(async () => {
    connections = 0;
    server = createServer((_req, res) => res.end('{}'));
    // The server closes an idle kept-alive connection after 3 s and says so (Keep-Alive: timeout=3).
    server.keepAliveTimeout = 3000;
    server.on('connection', () => connections++);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    client = new PlatformHttpClient({
      connectorId: 'test',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 5000,
      rateLimit: 100,
      redactor: { redact: (text: string) => text },
    });
  });

  afterEach(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  const get = () => client.request({ method: 'GET', url: '/', route: 'GET /', idempotent: true });

  it('should reuse a kept-alive connection for calls in quick succession', async () => {
    await get();
    await get();

    expect(connections).toBe(1);
  });

  it('should close an idle connection before the server does, so no call goes out on one it is closing', async () => {
    await get();
    // Past the client's idle limit (1 s before the server's announced 3 s) but before the server's own.
    // On a machine slow enough to pass 3 s here the server closes it too: the test then cannot
    // tell, but it never fails for a correct client.
    await new Promise((elapsed) => setTimeout(elapsed, 2300));
    await get();

    expect(connections).toBe(2);
  });
});
