import type { NestExpressApplication } from '@nestjs/platform-express';
import { Registry, collectDefaultMetrics } from 'prom-client';

import { ChatHubSimulator } from '@app/simulator';

import { type BuiltDaemon, startBuiltDaemon } from './support/built-daemon';
import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { tempDir, writeConfig } from './support/daemon-process';
import { docPages, readme, section, tableRows } from './support/markdown-docs';

const METHODS = 'GET|POST|PUT|PATCH|DELETE';
const TABLE_ROUTE = new RegExp(`\`(${METHODS}) ([^\`?]+)(?:\\?([^\`]*))?\``, 'g');
// A mention of one of the bridge's own paths, optionally after its method; `*` ends a prefix.
const MENTIONED_ROUTE = new RegExp(
  `(?:\\b(${METHODS})\\s+)?(?<![A-Za-z_])(/(?:api|webhooks|health|metrics|ui)(?:/[^\\s\`'"()|,;?*]*)?\\*?)`,
  'g',
);
// Other people's APIs the docs quote, under the same first segment: Chatwoot and ChatHub.
const FOREIGN_PREFIXES = ['/api/v1/', '/api/operator/'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** Every route the built daemon answers, spelled as Express declares it (`GET /api/runs/:id`). */
const servedRoutes = async (daemon: BuiltDaemon): Promise<string[]> => {
  const instance = daemon.app.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  const routes = instance.router.stack.flatMap(({ route }) =>
    // Nest mounts its middleware (the request logger) as a catch-all route for every method.
    !route || route.path === '/{*path}'
      ? []
      : Object.keys(route.methods).map((method) =>
          // The browsable OpenAPI view is one page made of several assets.
          route.path.startsWith('/api/docs') ? 'GET /api/docs' : routeKey(method, route.path),
        ),
  );
  // The console is static files (no router entry): it is served when its page answers.
  const console = await fetch(`${daemon.baseUrl}/ui/`);
  if (console.status === 200 && /text\/html/.test(console.headers.get('content-type') ?? '')) {
    routes.push('GET /ui/');
  }
  return [...new Set(routes)].sort();
};

const httpApi = (): string => section(readme(), 'HTTP API');

/** The route table's routes, with the query parameters each row names. */
const tableRoutes = (): Array<{ route: string; query: string[] }> =>
  tableRows(httpApi(), 'route').flatMap(([cell]) =>
    [...cell.matchAll(TABLE_ROUTE)].map(([, method, path, query]) => ({
      route: routeKey(method, path),
      query: query ? query.split('&').map((pair) => pair.replace(/=.*/, '')) : [],
    })),
  );

const matches = (mentioned: string, served: string): boolean => {
  // `/webhooks/*` or `location /webhooks/`: some route under it.
  if (mentioned.endsWith('*') || mentioned.endsWith('/')) {
    return served.startsWith(mentioned.replace(/\*$/, ''));
  }
  const pattern = served.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(mentioned);
};

/** Every mention of a bridge route in the docs: method (when given), path, and where. */
const mentionedRoutes = () =>
  docPages().flatMap(({ file, text }) =>
    // Placeholders (`<run id>`, `{id}`) stand for one path segment.
    [...text.replace(/<[^>\n]+>|\{[^}\n]*\}/g, '0').matchAll(MENTIONED_ROUTE)]
      .map(([, method, path]) => ({ file, method, path: path.replace(/[.:]+$/, '') }))
      .filter(({ path }) => !FOREIGN_PREFIXES.some((prefix) => path.startsWith(prefix))),
  );

// Error codes and the CLI need no daemon: docs-match-errors-and-cli.e2e-spec.ts.
describe('README and docs/ against the code: routes and metrics', () => {
  describe('with the built daemon', () => {
    let simulator: ChatHubSimulator;
    let daemon: BuiltDaemon;
    const savedLevel = process.env.LOG_LEVEL;

    beforeAll(async () => {
      simulator = new ChatHubSimulator({ companyKeys: ['docs-chathub-token'] });
      simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
      await simulator.start();
      const dir = tempDir();
      const yaml = chatHubBridgeYaml({ dir, simulatorUrl: simulator.baseUrl, roster: DEFAULT_ROSTER });
      process.env.LOG_LEVEL = 'silent';
      daemon = await startBuiltDaemon(writeConfig(dir, yaml), {
        ...process.env,
        E2E_CHATHUB_TOKEN: 'docs-chathub-token',
        PORT: '0',
      });
    });

    afterAll(async () => {
      await (daemon?.app as NestExpressApplication | undefined)?.close();
      await simulator?.stop();
      process.env.LOG_LEVEL = savedLevel;
    });

    it('should list in the HTTP API table every route the daemon serves, and no other', async () => {
      const documented = tableRoutes().map(({ route }) => route);

      expect(documented.length).toBeGreaterThan(10);
      expect([...documented].sort()).toEqual(await servedRoutes(daemon));
    });

    it('should name in the HTTP API table the query parameters each admin route takes', async () => {
      const document = (await (await fetch(`${daemon.baseUrl}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
      };
      const taken = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          route: routeKey(method, path.replace(/\{(\w+)\}/g, ':$1')),
          query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
      );
      const documented = new Map(tableRoutes().map(({ route, query }) => [route, query]));

      for (const { route, query } of taken) {
        expect([route, [...(documented.get(route) ?? ['(not in the table)'])].sort()]).toEqual([
          route,
          [...query].sort(),
        ]);
      }
    });

    it('should mention in README and docs/ only routes the daemon serves', async () => {
      const served = await servedRoutes(daemon);
      const mentions = mentionedRoutes();
      const unknown = mentions.filter(
        ({ method, path }) =>
          !served.some((route) => {
            const [servedMethod, servedPath] = route.split(' ');
            return (method === undefined || method === servedMethod) && matches(path, servedPath);
          }),
      );

      expect(mentions.length).toBeGreaterThan(20);
      expect(unknown).toEqual([]);
    });

    it('should document in the Metrics table every metric the daemon registers, with its type and labels', () => {
      const defaults = new Registry();
      collectDefaultMetrics({ register: defaults, prefix: 'chat_bridge_' });
      const processMetrics = new Set(defaults.getMetricsAsArray().map((metric) => metric.name));
      const registered = daemon.registry
        .getMetricsAsArray()
        .filter((metric) => !processMetrics.has(metric.name))
        .map((metric) => {
          const { labelNames = [] } = metric as unknown as { labelNames?: string[] };
          return [metric.name, metric.type, [...labelNames].sort().join(' ')];
        });
      const documented = tableRows(section(readme(), 'Metrics'), 'metric').map(([name, type, labels]) => [
        name.replace(/`/g, ''),
        type,
        [...labels.matchAll(/`(\w+)`/g)]
          .map((m) => m[1])
          .sort()
          .join(' '),
      ]);

      expect(documented.sort()).toEqual(registered.sort());
    });

    it('should name in README and docs/ only metrics the daemon registers', () => {
      const names = new Set(daemon.registry.getMetricsAsArray().map((metric) => metric.name));
      const exists = (name: string) =>
        names.has(name) ||
        HISTOGRAM_SUFFIXES.some(
          (suffix) => name.endsWith(suffix) && names.has(name.slice(0, -suffix.length)),
        );
      const mentioned = docPages().flatMap(({ file, text }) =>
        [...text.matchAll(/\bchat_bridge_[a-z0-9_]+/g)].map(([name]) => ({ file, name })),
      );

      expect(mentioned.length).toBeGreaterThan(17);
      expect(mentioned.filter(({ name }) => !exists(name))).toEqual([]);
    });
  });
});
