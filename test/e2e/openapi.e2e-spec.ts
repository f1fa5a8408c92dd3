import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import OpenAPIBackend from 'openapi-backend';

import { startDaemon } from '@app/cli/start.command';
import { loadConfig } from '@app/config/load-config';
import { ChatHubSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { tempDir, waitFor, writeConfig } from './support/daemon-process';
import { insertInboxEvents } from './support/inbox-rows';

const ADMIN_TOKEN = 'e2e-admin-token-openapi-000';
const CHATHUB_TOKEN = 'e2e-chathub-openapi-token';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
type Document = {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
};

/** Every route Express serves under /api/, as OpenAPI spells it (`/api/runs/{id}`), with its method. */
const servedRoutes = (app: NestExpressApplication): string[] => {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: unknown[] } }).router;
  return router.stack.flatMap((layer) => {
    const route = (layer as { route?: { path: string; methods: Record<string, boolean> } }).route;
    // The document and its browsable view describe the admin API; they are not part of it.
    if (
      !route?.path.startsWith('/api/') ||
      route.path === '/api/openapi.json' ||
      route.path.startsWith('/api/docs')
    ) {
      return [];
    }
    return Object.keys(route.methods).map(
      (method) => `${method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
    );
  });
};

const describesAValue = (schema: Schema): boolean =>
  ['type', '$ref', 'oneOf', 'allOf', 'anyOf', 'enum'].some((key) => key in schema);

/** Every object schema closed (`additionalProperties: false`): an undocumented field fails validation. */
const closed = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(closed);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closed(v)]));
  return 'properties' in copy && !('additionalProperties' in copy)
    ? { ...copy, additionalProperties: false }
    : copy;
};

describe('OpenAPI document of the admin API', () => {
  let simulator: ChatHubSimulator;
  let app: NestExpressApplication;
  let admin: AdminClient;
  let baseUrl: string;
  let document: Document;
  let dir: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
    await simulator.start();
    dir = tempDir();
    const path = writeConfig(
      dir,
      chatHubBridgeYaml({
        dir,
        simulatorUrl: simulator.baseUrl,
        adminToken: ADMIN_TOKEN,
        roster: DEFAULT_ROSTER,
      }),
    );
    process.env.LOG_LEVEL = 'silent';
    const env = { ...process.env, E2E_ADMIN_TOKEN: ADMIN_TOKEN, E2E_CHATHUB_TOKEN: CHATHUB_TOKEN, PORT: '0' };
    app = await startDaemon(loadConfig({ path, env }), { handleSignals: false });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    admin = new AdminClient(baseUrl, ADMIN_TOKEN);
    await waitFor(async () => {
      const { body } = await admin.get('/api/runs?connectorId=chathub&changes=false');
      return body.items.find(
        (r: { trigger: string; outcome: string }) => r.trigger === 'startup' && r.outcome !== 'running',
      );
    }, 'the start-up run');
    const response = await fetch(`${baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
  });

  afterAll(async () => {
    await app?.close();
    await simulator?.stop();
    process.env = savedEnv;
  });

  it('should validate as OpenAPI 3 when loaded strictly', async () => {
    const api = new OpenAPIBackend({ definition: document as never, strict: true });
    await expect(api.init()).resolves.toBeDefined();
    expect((document as unknown as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('should document every /api route the daemon serves, and nothing it does not', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`),
    );

    expect(documented.sort()).toEqual(servedRoutes(app).sort());
  });

  it('should give every operation a summary, the admin security, a 200 schema and its errors', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) {
          continue;
        }
        const where = `${method} ${path}`;
        expect([where, operation.summary]).toEqual([where, expect.stringMatching(/\w/)]);
        expect([where, operation.security]).toEqual([where, [{ admin: [] }]]);
        expect([where, Object.keys(operation.responses)]).toEqual([
          where,
          expect.arrayContaining(['200', '401', '403']),
        ]);
        for (const response of Object.values(operation.responses)) {
          const schema = response.content?.['application/json']?.schema;
          expect([where, schema && describesAValue(schema)]).toEqual([where, true]);
        }
        for (const parameter of operation.parameters ?? []) {
          expect([where, parameter.name, parameter.schema && describesAValue(parameter.schema)]).toEqual([
            where,
            parameter.name,
            true,
          ]);
        }
        if (method === 'post') {
          expect([where, operation.requestBody?.content['application/json']?.schema]).toEqual([
            where,
            expect.objectContaining({}),
          ]);
        }
      }
    }
  });

  it('should describe every field of every schema', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      expect([name, Object.keys(properties).length > 0]).toEqual([name, true]);
      for (const [field, property] of Object.entries(properties)) {
        expect([name, field, describesAValue(property)]).toEqual([name, field, true]);
      }
    }
  });

  it('should answer every operation exactly as documented, with no undocumented field', async () => {
    const api = new OpenAPIBackend({ definition: closed(document) as never, strict: true });
    await api.init();
    const [eventId] = insertInboxEvents(join(dir, 'bridge.sqlite'), [
      {
        connectorId: 'chathub',
        dedupeKey: 'x',
        kind: 'availability',
        payload: { a: [1, 'b'] },
        state: 'dead',
      },
    ]);
    const [run] = (await admin.get('/api/runs?limit=1')).body.items as Array<{ id: number }>;
    const calls: Array<[string, string, string, unknown?]> = [
      ['Audit_listRuns', 'GET', '/api/runs?limit=5'],
      ['Audit_listRuns', 'GET', '/api/runs?limit=1&changes=false'],
      ['Audit_getRun', 'GET', `/api/runs/${run.id}`],
      ['Audit_listEvents', 'GET', '/api/events?limit=1'],
      ['Audit_getEvent', 'GET', `/api/events/${eventId}`],
      ['Audit_replay', 'POST', `/api/events/${eventId}/replay`, {}],
      ['Operators_list', 'GET', '/api/operators?limit=2'],
      ['Operators_sync', 'POST', '/api/operators/anna/sync', { dryRun: true }],
      ['Connectors_list', 'GET', '/api/connectors'],
      ['Connectors_reconcile', 'POST', '/api/connectors/chathub/reconcile', { dryRun: true }],
      ['Connectors_reconcileAll', 'POST', '/api/reconcile', { dryRun: true }],
      ['Audit_getRun', 'GET', '/api/runs/999999'],
      ['Audit_listRuns', 'GET', '/api/runs?cursor=nope'],
      ['Operators_sync', 'POST', '/api/operators/nobody/sync', {}],
    ];
    const answered = new Set<string>();
    for (const [operationId, method, path, body] of calls) {
      const reply = await admin.request(method, path, body);
      const result = api.validateResponse(reply.body, operationId, reply.status);
      expect([operationId, path, reply.status, result.errors ?? []]).toEqual([
        operationId,
        path,
        reply.status,
        [],
      ]);
      if (reply.status === 200) {
        answered.add(operationId);
      }
    }
    const unauthorized = await new AdminClient(baseUrl, 'wrong').get('/api/connectors');
    expect(api.validateResponse(unauthorized.body, 'Connectors_list', 401).errors ?? []).toEqual([]);

    const operations = Object.values(document.paths).flatMap((item) =>
      METHODS.flatMap((m) => (item[m] ? [item[m].operationId] : [])),
    );
    expect(operations.filter((id) => !answered.has(id))).toEqual([]);
  });

  it('should serve the browsable view without a token and from its own assets', async () => {
    const page = await fetch(`${baseUrl}/api/docs`);
    const html = await page.text();
    const init = await (await fetch(`${baseUrl}/api/docs/swagger-ui-init.js`)).text();

    expect(page.status).toBe(200);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(init).toMatch(/"validatorUrl":\s*null/);
    expect((await fetch(`${baseUrl}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
