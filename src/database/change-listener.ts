import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

import {
  CHANGE_CHANNEL,
  type ChangeNotice,
  type ChangeTopic,
  decodeNotice,
} from '@app/database/change-feed.types';
import { replicaIdOf } from '@app/database/replica-identity';
import { isPostgres } from '@app/database/run-in-transaction';

/** Keeps an in-memory view of one topic up to date. */
export interface ChangeSubscriber {
  topic: ChangeTopic;
  /** A change committed by any replica, this one included. */
  onChange(notice: ChangeNotice): void;
  /** Changes may have been missed (listener down, a gap, a change too big to describe): reload. */
  onResync(): void;
}

export interface ChangeListenerOptions {
  /** Listen at all: the daemon does, one-shot CLI commands do not. SQLite never does. */
  listen: boolean;
  /** How often the change counter is read while the listener is down. */
  pollMs?: number;
  /** First and longest pause between reconnection attempts (it doubles in between). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How often an idle listener proves its connection still works. */
  heartbeatMs?: number;
}

const DEFAULTS = { pollMs: 250, reconnectMinMs: 250, reconnectMaxMs: 5_000, heartbeatMs: 10_000 };

/**
 * Delivers the change notices of every replica (PostgreSQL LISTEN on a dedicated connection, not
 * one of the pool's). While that connection is down, it reconnects with back-off and reads the
 * change counter every `pollMs`: a new value makes every subscriber reload, so a replica without
 * its listener is still at most one poll behind. After a reconnection, subscribers reload too.
 */
@Injectable()
export class ChangeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeListener.name);
  private readonly subscribers: ChangeSubscriber[] = [];
  private readonly settings: Required<Omit<ChangeListenerOptions, 'listen'>>;
  private client?: Client;
  private state: 'idle' | 'listening' | 'down' | 'stopped' = 'idle';
  private lastVersion = 0;
  private reconnectMs: number;
  private pollTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ChangeListenerOptions,
  ) {
    this.settings = { ...DEFAULTS, ...options };
    this.reconnectMs = this.settings.reconnectMinMs;
  }

  get enabled(): boolean {
    return this.options.listen && isPostgres(this.dataSource);
  }

  /** This replica, as the `origin` of the notices it sends. */
  get replicaId(): string {
    return replicaIdOf(this.dataSource);
  }

  get listening(): boolean {
    return this.state === 'listening';
  }

  subscribe(subscriber: ChangeSubscriber): void {
    this.subscribers.push(subscriber);
  }

  // Before anyone's onApplicationBootstrap: views loaded then miss nothing committed later.
  async onModuleInit(): Promise<void> {
    if (this.enabled) {
      await this.connect();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.state = 'stopped';
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    const client = new Client(this.clientConfig());
    let lost = false;
    const onLost = (error?: Error) => {
      if (!lost) {
        lost = true;
        this.lost(client, error);
      }
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.receive(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      // Read after LISTEN: anything committed later arrives as a notice.
      this.lastVersion = await this.readVersion(client);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.state === 'stopped' || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    const recovered = this.state === 'down';
    this.client = client;
    this.state = 'listening';
    this.reconnectMs = this.settings.reconnectMinMs;
    clearInterval(this.pollTimer);
    // A half-open connection delivers nothing and says nothing; a query tells.
    this.heartbeatTimer = setInterval(
      () => void client.query('SELECT 1').catch((error: Error) => onLost(error)),
      this.settings.heartbeatMs,
    );
    this.heartbeatTimer.unref();
    if (recovered) {
      this.logger.log('listening for changes again; reloading what may have been missed');
      this.resync();
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.state === 'stopped') {
      return;
    }
    void client.end().catch(() => undefined);
    if (this.client === client) {
      this.client = undefined;
    }
    clearInterval(this.heartbeatTimer);
    if (this.state !== 'down') {
      this.logger.warn(
        `change listener down (${error?.message ?? 'connection ended'}); reading the change counter every ${this.settings.pollMs} ms until it is back`,
      );
      this.state = 'down';
      this.pollTimer = setInterval(() => void this.poll(), this.settings.pollMs);
      this.pollTimer.unref();
    }
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, this.settings.reconnectMaxMs);
  }

  private receive(payload: string | undefined): void {
    const notice = decodeNotice(payload);
    if (notice === null) {
      this.logger.warn(`ignored a malformed change notice: ${String(payload).slice(0, 200)}`);
      return;
    }
    // Versions arrive consecutively: a jump means a notice was lost, and one not above the last
    // means the counter was reset (a restored database) and views keyed on it must start over.
    // (Right after connecting, a change committed before the counter was read also looks so: one
    // reload too many.)
    const gap = notice.version !== this.lastVersion + 1;
    this.lastVersion = notice.version;
    for (const subscriber of this.subscribers.filter((s) => s.topic === notice.topic)) {
      this.deliver(() => (notice.data === undefined ? subscriber.onResync() : subscriber.onChange(notice)));
    }
    if (gap) {
      this.resync();
    }
  }

  // Called from the pg client's event handlers: a subscriber's exception must not escape there.
  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error(
        `a change subscriber failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async poll(): Promise<void> {
    try {
      const version = await this.readVersion(this.dataSource);
      if (this.state === 'down' && version !== this.lastVersion) {
        this.lastVersion = version;
        this.resync();
      }
    } catch {
      // the database itself is unreachable: nothing changes there either
    }
  }

  private resync(): void {
    for (const subscriber of this.subscribers) {
      this.deliver(() => subscriber.onResync());
    }
  }

  private async readVersion(source: Client | DataSource): Promise<number> {
    const sql = 'SELECT version FROM change_feed WHERE id = 1';
    type Row = { version: string | number };
    const rows =
      source instanceof Client ? (await source.query<Row>(sql)).rows : await source.query<Row[]>(sql);
    return Number(rows[0]?.version ?? 0);
  }

  private clientConfig(): ClientConfig {
    const options = this.dataSource.options as PostgresConnectionOptions;
    return {
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
      database: options.database,
      // database-url.ts builds it: a boolean or { rejectUnauthorized: false }, both valid for pg.
      ssl: options.ssl as ClientConfig['ssl'],
      application_name: 'chat-bridge listener',
      keepAlive: true,
      query_timeout: 5_000,
    };
  }
}
