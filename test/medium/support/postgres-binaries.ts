import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const MISSING_POSTGRES_MESSAGE =
  'PostgreSQL tests need a server: apt-get install -y postgresql, or set TEST_DATABASE_URL';

/** Directory holding initdb and pg_ctl: PATH first, then Debian's versioned layout, newest first. */
export function findPostgresBinDir(): string {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const debianDirs = listDebianBinDirs();
  const found = [...pathDirs, ...debianDirs].find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
  if (found === undefined) {
    throw new Error(MISSING_POSTGRES_MESSAGE);
  }
  return found;
}

function listDebianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    return [];
  }
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}
