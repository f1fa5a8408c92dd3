import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What up.sh prints (KEY=value): see the peer's README. */
export type LhcPeer = Record<
  | 'lhcDir'
  | 'baseUrl'
  | 'username'
  | 'apiKey'
  | 'adminPassword'
  | 'mysqlSocket'
  | 'mysqlPort'
  | 'database'
  | 'phpLog'
  | 'lhcWeb',
  string
> & { scripts: string };

const ROOT = resolve(__dirname, '../../..');
/** How the global setup hands the running peer to the test files (they run in the same process). */
export const PEER_ENV = 'CHAT_BRIDGE_LHC_PEER';

/**
 * The peer's folder: `LHC_PEER_DIR` alone when it is set; else `../shared/peers/livehelperchat`
 * beside the project, else `/work/shared/peers/livehelperchat` (CI clones the project elsewhere on
 * the same machine). jest.config.js looks in the same places to decide whether the tier runs.
 */
export const locatePeerScripts = (): { found?: string; tried: string[] } => {
  const tried = process.env.LHC_PEER_DIR
    ? [process.env.LHC_PEER_DIR]
    : [join(ROOT, '../shared/peers/livehelperchat'), '/work/shared/peers/livehelperchat'];
  return { found: tried.find((dir) => existsSync(join(dir, 'up.sh'))), tried };
};

/** Runs one of the peer's scripts; progress and errors go to the test log. */
export const runScript = (scripts: string, script: string, args: string[] = [], lhcDir?: string): string =>
  execFileSync(join(scripts, script), args, {
    env: { ...process.env, ...(lhcDir ? { LHC_DIR: lhcDir } : {}) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    // The first call on a clean machine installs Debian packages (about 40 s).
    timeout: 10 * 60_000,
  });

export const parsePeerEnv = (text: string): Omit<LhcPeer, 'scripts'> =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Omit<LhcPeer, 'scripts'>;

/** The peer the global setup started. */
export const currentPeer = (): LhcPeer => {
  const raw = process.env[PEER_ENV];
  if (!raw) {
    throw new Error(
      `${PEER_ENV} is not set: run the peer tier through jest (npx jest --selectProjects peer)`,
    );
  }
  return JSON.parse(raw) as LhcPeer;
};

/** Back to the fresh install: admin (user 1, the API key), department 1, groups 1 and 2. */
export const resetPeer = (peer: LhcPeer): void => {
  runScript(peer.scripts, 'reset.sh', [], peer.lhcDir);
};

/** Rows of a query as tab-separated fields (MariaDB's -N -B). */
export const sql = (peer: LhcPeer, query: string): string[][] =>
  runScript(peer.scripts, 'sql.sh', ['-N', '-B', '-e', query], peer.lhcDir)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));

/** One pass of LHC's workflow cron: it assigns pending chats (`cron.php -c cron/workflow`). */
export const cron = (peer: LhcPeer): string => runScript(peer.scripts, 'cron.sh', [], peer.lhcDir);

/** Points LHC's webhooks at a connector of a running bridge ("Do not save response" ticked). */
export const wireWebhooks = (peer: LhcPeer, bridgeUrl: string, connectorId: string, secret: string): void => {
  execFileSync(
    'php',
    [join(peer.scripts, 'webhooks.php'), peer.mysqlSocket, peer.database, bridgeUrl, connectorId, secret],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
};

// Every POST/PUT/DELETE, and the GET endpoints that write (the peer's README, "Counting write calls").
const WRITE =
  /\]: (POST|PUT|PATCH|DELETE) |\]: GET \S*\/restapi\/(setonlinestatus|setinvisibilitystatus|setoperatorstatus|updatelastactivity)([/?]|$)|\]: GET \S*[?&]update_activity/;

const logLines = (peer: LhcPeer): string[] => readFileSync(peer.phpLog, 'utf8').split('\n');

/** Where the php server log is now; a request is logged before its client has the answer. */
export const logMark = (peer: LhcPeer): number => logLines(peer).length;

/** The write requests LHC served since `mark`, as logged (`PUT /index.php/restapi/user/2`). */
export const writesSince = (peer: LhcPeer, mark: number): string[] =>
  logLines(peer)
    .slice(mark - 1)
    .filter((line) => WRITE.test(line))
    .map((line) => line.slice(line.indexOf(']: ') + 3));

/** A REST call as the admin (the peer's API user). */
export const rest = async <T = any>(
  peer: LhcPeer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${peer.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${peer.username}:${peer.apiKey}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
};
