import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, type AppLogger } from '@mp/platform';
import type { BalanceApiConfig } from '@mp/config';
import { NotificationListener } from '@mp/database';
import { BALANCE_CHANGED_CHANNEL } from '../projection/balance.projector';
import { digest64 } from '@mp/purchase-machine';
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
  private readonly listener: NotificationListener;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: BalanceApiConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    this.cache = new BalanceReadCache(config.balanceApi.cacheMaxEntries);
    const { url, schema } = config.database;
    this.listener = new NotificationListener({
      url,
      channels: [BALANCE_CHANGED_CHANNEL],
      applicationName: 'balance-api:listen',
      logger,
      onNotification: (_channel, payload) => {
        const colon = payload.indexOf(':');
        if (payload.slice(0, colon) === schema)
          this.cache.invalidate(payload.slice(colon + 1).split(','));
      },
      // Anything cached before now may have changed unheard.
      onListening: () => this.cache.clear(),
      onLost: () => this.cache.clear(),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  async balancesOf(iccid: string): Promise<readonly BalanceRecord[]> {
    const listening = this.listener.listening;
    const cached = listening ? this.cache.get(iccid) : undefined;
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
    if (listening && this.listener.listening) this.cache.set(iccid, records, generation);
    return records;
  }

  /** The projector in this process calls this after its commit, ahead of the notice. */
  forget(iccids: readonly string[]): void {
    this.cache.invalidate(iccids);
  }
}
