/**
 * The four platforms as the bench sets them up: the credentials the simulator host seeds and the
 * daemon's config carries, the connector YAML, and the fewest calls each platform's API allows
 * for a first sync of n new operators (the floor a sync is measured against).
 */
export type BenchPlatform = 'chathub' | 'tencent' | 'chatwoot' | 'livehelperchat';

export const BENCH_PLATFORMS: BenchPlatform[] = ['chathub', 'tencent', 'chatwoot', 'livehelperchat'];

export const CREDENTIALS = {
  chathub: { companyToken: 'bench-company-token', organizationId: 24 },
  tencent: {
    sdkAppId: 1400000042,
    identifier: 'administrator',
    secretKey: 'bench-secret-key-0123456789',
    callbackToken: 'bench-callback-token',
  },
  chatwoot: { apiAccessToken: 'bench-chatwoot-admin-token', accountId: 1 },
  livehelperchat: {
    username: 'bridge',
    apiKey: 'bench-lhc-api-key',
    departmentId: 7,
    userGroupId: 1,
  },
} as const;

/**
 * Calls per second each simulator enforces and each connector is configured with, chosen so a
 * 10,000-operator floor is 10–30 s. ChatHub's is the pace of SMSBat's sample code (the connector's
 * default); the others are paces those simulators grant.
 */
export const RATES: Record<BenchPlatform, number> = {
  chathub: 5,
  tencent: 500,
  chatwoot: 500,
  livehelperchat: 500,
};

export const MINIMUM_CALLS: Record<BenchPlatform, (n: number) => number> = {
  // one list of the organization's operators, then `synchronize` takes 100 names a call
  chathub: (n) => 1 + Math.ceil(n / 100),
  // IM cannot list accounts: account_check 100 ids a call, one account_import per account (it
  // carries the nick), query_online_status 500 ids a call
  tencent: (n) => Math.ceil(n / 100) + n + Math.ceil(n / 500),
  // GET /agents lists the whole account (no paging); POST /agents creates one agent
  chatwoot: (n) => 1 + n,
  // getusers lists every user (no paging); POST /restapi/user creates one user
  livehelperchat: (n) => 1 + n,
};

const { chathub, tencent, chatwoot, livehelperchat } = CREDENTIALS;

/** The connector entry of bridge.yaml, id = the platform name, talking to `url` at `rate` calls/s. */
export const connectorYaml = (platform: BenchPlatform, url: string, rate: number): string => {
  const common = `id: ${platform}, baseUrl: "${url}", rateLimit: ${rate}, schedule: 24h`;
  switch (platform) {
    case 'chathub':
      return `{ ${common}, type: smsbat-chathub, auth: { companyToken: ${chathub.companyToken} }, options: { organizationId: ${chathub.organizationId} } }`;
    case 'tencent':
      return `{ ${common}, type: tencent-chat, auth: { sdkAppId: ${tencent.sdkAppId}, identifier: ${tencent.identifier}, secretKey: ${tencent.secretKey} }, webhook: { token: ${tencent.callbackToken} }, options: { assignment: { strategy: least-busy, maxAgents: 3 } } }`;
    case 'chatwoot':
      return `{ ${common}, type: chatwoot, auth: { apiAccessToken: ${chatwoot.apiAccessToken} }, webhook: { insecure: true }, options: { accountId: ${chatwoot.accountId} } }`;
    case 'livehelperchat':
      return `{ ${common}, type: livehelperchat, auth: { username: ${livehelperchat.username}, apiKey: ${livehelperchat.apiKey} }, webhook: { insecure: true }, options: { departments: [${livehelperchat.departmentId}], userGroups: [${livehelperchat.userGroupId}] } }`;
  }
};

/** A whole bridge.yaml: a roster of `operators` agents and the given connector entries. */
export const bridgeYaml = (params: {
  databaseUrl: string;
  operators: number;
  connectors: string[];
}): string => {
  const roster = Array.from(
    { length: params.operators },
    (_, i) => `    - { key: op${i}, name: Operator ${i}, email: op${i}@example.com }`,
  );
  return [
    'server: { adminToken: bench-admin-token }',
    `database: { url: "${params.databaseUrl}" }`,
    'directory:',
    '  roster:',
    ...roster,
    'connectors:',
    ...params.connectors.map((c) => `  - ${c}`),
    '',
  ].join('\n');
};
