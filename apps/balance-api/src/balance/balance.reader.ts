import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, type AppLogger } from '@mp/platform';
import type { BalanceApiConfig } from '@mp/config';
import { BALANCE_CHANGED_CHANNEL } from '../projection/balance.projector';
import { digest64 } from '@mp/purchase-machine';
import { databaseOf } from '../projection/database-of';
import { BalanceReadCache } from './balance-read.cache';
import type { BalanceRecord } from './balance-record';
import type { PlanBalanceType } from './balance-fold';

// A cache miss is GetBalance's slowest path: plain SQL (the search path names the schema) skips the query builder,
// which cost more CPU than PostgreSQL's answer (bench/get-balance, cold cache).
const SIM_BALANCES =
  'SELECT opened_by, balance_type, data_mb, expires_at, locations FROM sim_balance WHERE iccid = $1';

interface SimBalanceRow {
  readonly opened_by: string;
  readonly balance_type: string;
  readonly data_mb: number;
  readonly expires_at: Date;
  readonly locations: string[];
}

/**
 * GetBalance's reads: the projection's rows per SIM, served from memory once read. Every instance listens for the
 * projector's change notices (PostgreSQL NOTIFY, sent in the projecting transaction) and forgets those SIMs; while
 * it is not listening, it reads through to the database and caches nothing.
 */
@Injectable()
export class BalanceReader implements OnModuleInit, OnApplicationShutdown {
  private readonly cache: BalanceReadCache;
  private listener: Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.cache = new BalanceReadCache(config.balanceApi.cacheMaxEntries);
  }

  async onModuleInit(): Promise<void> {
    await this.listen().catch((error: unknown) => this.scheduleListen(error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  async balancesOf(iccid: string): Promise<readonly BalanceRecord[]> {
    const cached = this.listening ? this.cache.get(iccid) : undefined;
    if (cached !== undefined) return cached;
    const generation = this.cache.generation;
    const rows = await this.dataSource.query<SimBalanceRow[]>(SIM_BALANCES, [iccid]);
    const records = rows.map((row): BalanceRecord => ({
      id: `b-${digest64(row.opened_by)}`,
      balanceType: row.balance_type as PlanBalanceType,
      dataMB: row.data_mb,
      expiresAtMs: row.expires_at.getTime(),
      locations: row.locations,
    }));
    if (this.listening) this.cache.set(iccid, records, generation);
    return records;
  }

  /** The projector in this process calls this after its commit, ahead of the notice. */
  forget(iccids: readonly string[]): void {
    this.cache.invalidate(iccids);
  }

  private async listen(): Promise<void> {
    const schema = databaseOf(this.config).schema;
    const client = new Client({
      connectionString: databaseOf(this.config).url,
      application_name: 'balance-api:listen',
    });
    client.on('notification', (message) => {
      const payload = message.payload ?? '';
      const colon = payload.indexOf(':');
      if (payload.slice(0, colon) === schema)
        this.cache.invalidate(payload.slice(colon + 1).split(','));
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${BALANCE_CHANGED_CHANNEL}`);
    // Anything cached before now may have changed unheard.
    this.cache.clear();
    this.listener = client;
    this.listening = true;
  }

  private lost(client: Client, error: unknown): void {
    if (this.listener !== client) return;
    this.listening = false;
    this.listener = null;
    this.cache.clear();
    void client.end().catch(() => undefined);
    if (!this.stopped) this.scheduleListen(error);
  }

  private scheduleListen(error: unknown): void {
    if (this.stopped) return;
    this.logger.warn(
      { err: error },
      'balance change notices unavailable; reading through to the database',
    );
    this.retry = setTimeout(() => {
      this.listen().catch((next: unknown) => this.scheduleListen(next));
    }, 1000);
  }
}
