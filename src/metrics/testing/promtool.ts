import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const CACHE = join(__dirname, '../../../node_modules/.cache/chat-bridge/promtool');
const EXTRACTED = join(CACHE, 'usr/bin/promtool');

const onPath = (): string | undefined => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

const apt = (args: string[]): void => {
  execFileSync('apt-get', args, { cwd: CACHE, stdio: 'pipe', timeout: 300_000 });
};

/**
 * Prometheus' promtool: `PROMTOOL`, else on PATH, else taken out of Debian's `prometheus` package
 * (downloaded, never installed: no service, no dependencies) into node_modules/.cache. Throws,
 * saying what to install, where none of these works.
 */
export const promtool = (): string => {
  const found = process.env.PROMTOOL ?? onPath();
  if (found) {
    return found;
  }
  if (existsSync(EXTRACTED)) {
    return EXTRACTED;
  }
  mkdirSync(CACHE, { recursive: true });
  try {
    try {
      apt(['download', 'prometheus']);
    } catch {
      apt(['update', '-q']);
      apt(['download', 'prometheus']);
    }
    const deb = readdirSync(CACHE).find((name) => name.startsWith('prometheus_') && name.endsWith('.deb'));
    execFileSync('dpkg-deb', ['-x', join(CACHE, deb ?? 'prometheus.deb'), CACHE], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `promtool is needed to check deploy/prometheus-alerts.yml and could not be taken from Debian's ` +
        `prometheus package (${(error as Error).message.split('\n')[0]}): install promtool or set PROMTOOL`,
      { cause: error },
    );
  }
  return EXTRACTED;
};
