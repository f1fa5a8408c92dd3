import 'reflect-metadata';

import {
  ChatHubSimulator,
  ChatwootSimulator,
  LiveHelperChatSimulator,
  type SimulatorServer,
  TencentChatSimulator,
} from '@app/simulator';

import { type BenchPlatform, CREDENTIALS } from './bench-platforms';

/**
 * The simulators of a bench phase in a process of their own, so their CPU is neither the
 * daemon's nor the load generator's:
 *
 *   node dist/bench/simulator-host.js '{"chathub": 5, "tencent": 500}'
 *
 * starts each named platform's simulator on loopback, enforcing that many calls per second
 * (0: no limit), seeded with the credentials of bench-platforms.ts, and prints one JSON line
 * `{"chathub": "http://127.0.0.1:…", …}`. Each one's call counters are its control routes:
 * `GET <url>/__simulator/calls`, `POST <url>/__simulator/reset-counters`. SIGTERM stops them.
 */
const simulatorFor = (platform: BenchPlatform, rate: number): SimulatorServer => {
  const rateLimit = rate > 0 ? { requestsPerSecond: rate } : undefined;
  switch (platform) {
    case 'chathub': {
      const { companyToken, organizationId } = CREDENTIALS.chathub;
      const simulator = new ChatHubSimulator({ companyKeys: [companyToken], rateLimit });
      simulator.seed({ organizations: [{ id: organizationId, name: 'Bench' }] });
      return simulator;
    }
    case 'tencent': {
      const { sdkAppId, secretKey, identifier } = CREDENTIALS.tencent;
      return new TencentChatSimulator({ sdkAppId, secretKey, admins: [identifier], rateLimit });
    }
    case 'chatwoot': {
      const { apiAccessToken, accountId } = CREDENTIALS.chatwoot;
      // Request validation against the OpenAPI description is the simulator's CPU, not the
      // daemon's; it is off here (the e2e and contract tiers check the requests).
      return new ChatwootSimulator({ adminToken: apiAccessToken, accountId, openApiSpec: false, rateLimit });
    }
    case 'livehelperchat': {
      const { username, apiKey, departmentId } = CREDENTIALS.livehelperchat;
      const simulator = new LiveHelperChatSimulator({ validateWithSpec: false, rateLimit });
      simulator.seed({
        departments: [{ id: departmentId, name: 'Support', autoAssign: true }],
        users: [
          { username, email: `${username}@example.invalid`, name: 'chat-bridge', allDepartments: true },
        ],
        apiKeys: [{ username, apiKey }],
      });
      return simulator;
    }
  }
};

const main = async (): Promise<void> => {
  const wanted = JSON.parse(process.argv[2] ?? '{}') as Partial<Record<BenchPlatform, number>>;
  const running: SimulatorServer[] = [];
  const urls: Partial<Record<BenchPlatform, string>> = {};
  for (const [platform, rate] of Object.entries(wanted) as Array<[BenchPlatform, number]>) {
    const simulator = simulatorFor(platform, rate);
    urls[platform] = await simulator.start();
    running.push(simulator);
  }
  process.once('SIGTERM', () => {
    void Promise.all(running.map((s) => s.stop())).then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify(urls)}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`simulator host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
