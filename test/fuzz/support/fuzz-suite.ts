import { adminProperty } from './admin-properties';
import { ADMIN_ROUTES } from './admin-routes';
import { FuzzBridge, WEBHOOK_CONNECTORS, type WebhookConnectorId } from './fuzz-bridge';
import type { FuzzDatabaseKind } from './fuzz-database';
import { type PropertySpec, runProperty } from './fuzz-runner';
import { type PropertyResult, formatFailures, printSummary, recordFinding } from './fuzz-report';
import { normalizeError } from './daemon-log';
import { methodsProperty, probesProperty, unknownConnectorProperty } from './misc-properties';
import { type WebhookVariant, webhookProperty } from './webhook-properties';

/** Inputs per webhook property and database; a few hundred per route keeps the tier ~1 min a database. */
const WEBHOOK_RUNS: Record<WebhookVariant, number> = {
  forged: 150,
  'signed-hostile': 200,
  'signed-mutation': 300,
};
// A property, its shrinking included, on a slow machine; jest's 60 s default is for e2e tests.
const PROPERTY_TIMEOUT_MS = 300_000;

type Mark = { count: number; newestId: number };
const sameMark = (a: Mark, b: Mark) => a.count === b.count && a.newestId === b.newestId;

const fail = (result: PropertyResult): void => {
  if (result.failures.length > 0 || result.problems.length > 0) {
    throw new Error(formatFailures(result));
  }
};

/**
 * The whole fuzz tier against one daemon on one database: the admin API without and with the
 * token, probes and unknown routes, then every webhook connector forged and signed. Forged and
 * unauthenticated inputs run first, while nothing else writes, so "nothing stored" is exact.
 */
export function describeFuzzTier(kind: FuzzDatabaseKind): void {
  describe(`fuzz tier on ${kind}`, () => {
    const bridge = new FuzzBridge(kind);

    const inboxMarks = async () =>
      Object.fromEntries(
        await Promise.all(WEBHOOK_CONNECTORS.map(async (c) => [c, await bridge.inboxMark(c)] as const)),
      );

    const canaryProblem = async (connector: WebhookConnectorId): Promise<string | undefined> => {
      const canary = await bridge.canary(connector);
      if (canary.error) {
        return `a valid ${connector} delivery afterwards: ${canary.error}`;
      }
      return canary.event?.state === 'done'
        ? undefined
        : `a valid ${connector} delivery afterwards ended ${canary.event?.state}: ${canary.event?.lastError}`;
    };

    const runUnauthenticated = async <T>(spec: PropertySpec<T>) => {
      const [runsBefore, inboxBefore] = [await bridge.runsMark(), await inboxMarks()];
      const result = await runProperty(bridge, spec);
      const [runsAfter, inboxAfter] = [await bridge.runsMark(), await inboxMarks()];
      if (!sameMark(runsBefore, runsAfter)) {
        result.problems.push(`runs moved: ${JSON.stringify(runsBefore)} → ${JSON.stringify(runsAfter)}`);
      }
      for (const connector of WEBHOOK_CONNECTORS) {
        if (!sameMark(inboxBefore[connector], inboxAfter[connector])) {
          result.problems.push(
            `${connector} inbox moved: ${JSON.stringify(inboxBefore[connector])} → ${JSON.stringify(inboxAfter[connector])}`,
          );
        }
      }
      fail(result);
    };

    beforeAll(async () => {
      await bridge.start();
      // Something for replay and the event queries to find.
      for (const connector of WEBHOOK_CONNECTORS) {
        const problem = await canaryProblem(connector);
        if (problem) {
          throw new Error(`the daemon does not process a valid delivery before any fuzzing: ${problem}`);
        }
      }
    }, 180_000);

    afterAll(async () => {
      try {
        await reportProcessing(bridge);
      } finally {
        printSummary(kind);
        await bridge.stop();
      }
    }, 120_000);

    describe('admin API, no or a wrong token', () => {
      it.each(ADMIN_ROUTES.map((route) => [route.route, route] as const))(
        '%s serves nothing and changes nothing',
        (_name, route) => runUnauthenticated(adminProperty(route, false)),
        PROPERTY_TIMEOUT_MS,
      );
    });

    describe.each(WEBHOOK_CONNECTORS.map((c) => [c]))(
      'POST /webhooks/%s, forged or unsigned',
      (connector) => {
        it(
          'is refused, stores nothing, and a valid delivery afterwards is processed',
          async () => {
            const before = await bridge.inboxMark(connector);
            const result = await runProperty(
              bridge,
              webhookProperty(bridge, connector, 'forged', WEBHOOK_RUNS.forged),
            );
            const after = await bridge.inboxMark(connector);
            if (!sameMark(before, after)) {
              result.problems.push(
                `forged requests stored events: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
              );
            }
            const problem = await canaryProblem(connector);
            if (problem) {
              result.problems.push(problem);
            }
            fail(result);
          },
          PROPERTY_TIMEOUT_MS,
        );
      },
    );

    describe('admin API, valid token', () => {
      it.each(ADMIN_ROUTES.map((route) => [route.route, route] as const))(
        '%s answers hostile input with < 500',
        async (_name, route) => {
          const result = await runProperty(bridge, adminProperty(route, true));
          await bridge.adminGet('/api/runs?limit=1').catch((error: unknown) => {
            result.problems.push(`GET /api/runs afterwards: ${String(error)}`);
          });
          fail(result);
        },
        PROPERTY_TIMEOUT_MS,
      );
    });

    describe('probes, unknown connectors, other methods', () => {
      it(
        'GET /health/*, /metrics answer < 500 to any query and header',
        async () => {
          fail(await runProperty(bridge, probesProperty(60)));
        },
        PROPERTY_TIMEOUT_MS,
      );

      it(
        'POST /webhooks/:unknown is a 4xx and stores nothing',
        async () => {
          const before = await inboxMarks();
          const result = await runProperty(bridge, unknownConnectorProperty(100));
          const after = await inboxMarks();
          for (const connector of WEBHOOK_CONNECTORS) {
            if (!sameMark(before[connector], after[connector])) {
              result.problems.push(`${connector} inbox moved after unknown-connector webhooks`);
            }
          }
          fail(result);
        },
        PROPERTY_TIMEOUT_MS,
      );

      it(
        'any method on a known path answers < 500',
        async () => {
          fail(await runProperty(bridge, methodsProperty(100)));
        },
        PROPERTY_TIMEOUT_MS,
      );
    });

    describe.each(
      WEBHOOK_CONNECTORS.flatMap((c) =>
        (['signed-hostile', 'signed-mutation'] as const).map((v) => [c, v] as const),
      ),
    )('POST /webhooks/%s, %s', (connector, variant) => {
      it(
        'answers < 500, stays alive, and a valid delivery afterwards is processed',
        async () => {
          const result = await runProperty(
            bridge,
            webhookProperty(bridge, connector, variant, WEBHOOK_RUNS[variant]),
          );
          if (variant === 'signed-mutation' && (result.statuses['2xx'] ?? 0) === 0) {
            result.problems.push('no signed input was accepted at all: is the fuzzer signing correctly?');
          }
          const problem = await canaryProblem(connector);
          if (problem) {
            result.problems.push(problem);
          }
          fail(result);
        },
        PROPERTY_TIMEOUT_MS,
      );
    });
  });
}

/** Stored hostile events the processor could not apply, and restarts: reported, not asserted. */
async function reportProcessing(bridge: FuzzBridge): Promise<void> {
  if (bridge.restarts > 0) {
    recordFinding(`${bridge.kind}: the daemon had to be restarted ${bridge.restarts} time(s) during the run`);
  }
  for (const connector of WEBHOOK_CONNECTORS) {
    const events = await bridge.events(connector).catch(() => []);
    const byError = new Map<string, { count: number; example: string }>();
    for (const event of events.filter((e) => e.state === 'failed' || e.state === 'dead')) {
      const key = `${event.kind} ${event.state}: ${normalizeError(event.lastError ?? '')}`;
      const entry = byError.get(key) ?? { count: 0, example: (event.lastError ?? '').slice(0, 300) };
      entry.count += 1;
      byError.set(key, entry);
    }
    for (const [key, { count, example }] of byError) {
      recordFinding(`${bridge.kind} ${connector} inbox: ${count} event(s) ${key} — e.g. ${example}`);
    }
  }
}
