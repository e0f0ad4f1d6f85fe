import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { Histogram } from 'prom-client';
import type { BalanceApiConfig } from '@mp/config';
import { APP_CONFIG, APP_LOGGER, metricsRegistry, type AppLogger } from '@mp/platform';
import { CLOCK, type Clock } from './clock';

/** An X-MS-DM-TransactionId this instance holds for one request, until the end of its window. */
export interface TransactionIdClaim {
  readonly id: string;
  readonly untilMs: number;
}

interface Pending extends TransactionIdClaim {
  readonly resolve: (result: TransactionIdClaim | 'repeated') => void;
  readonly reject: (error: unknown) => void;
}

// One statement claims every id that arrived while the previous one ran: an id is claimed when it is new or its
// window has ended (its row's end lies a whole window before the new end); otherwise no row comes back: a repeat.
const CLAIM = `
  INSERT INTO get_balance_transaction_id AS seen (transaction_id, seen_until_ms)
  SELECT * FROM unnest($1::text[], $2::bigint[])
  ON CONFLICT (transaction_id) DO UPDATE SET seen_until_ms = EXCLUDED.seen_until_ms
    WHERE seen.seen_until_ms <= EXCLUDED.seen_until_ms - $3::bigint
  RETURNING transaction_id`;
const RELEASE =
  'DELETE FROM get_balance_transaction_id WHERE transaction_id = $1 AND seen_until_ms = $2';
const EXPIRE = `
  DELETE FROM get_balance_transaction_id WHERE transaction_id IN (
    SELECT transaction_id FROM get_balance_transaction_id WHERE seen_until_ms <= $1 LIMIT 10000)`;
const MAX_BATCH = 1000;
/**
 * Claim statements in flight at once. One: the ids that arrive meanwhile make the next batch bigger, and fewer,
 * bigger statements cost less CPU than more, smaller ones, which is what bounds a busy instance (bench/README.md:
 * with 2 or 4 in flight, batches were a half and a quarter the size and throughput fell).
 */
const IN_FLIGHT = 1;
const EXPIRE_EVERY_MS = 60_000;

const batchSizes = new Histogram({
  name: 'mobileplans_get_balance_transaction_id_batch_size',
  help: 'X-MS-DM-TransactionIds claimed per PostgreSQL statement (ADR 0017).',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
  registers: [metricsRegistry],
});

/**
 * D10's repeat window in PostgreSQL, shared by every instance (ADR 0017). A request claims its id before it is
 * answered and gives the claim back when its answer is a 5xx, so only answered requests count and a retry after a
 * 500 is not a repeat. Claims are batched: while statements run, the ids that arrive wait and go together in the
 * next, so a busy instance pays one round trip for many requests and an idle one pays one event-loop turn.
 * Its own small pool commits asynchronously: a crash of PostgreSQL may forget the last fraction of a second of
 * ids, which costs at most a missed 409, never a wrong balance.
 */
@Injectable()
export class TransactionIdWindow implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly windowMs: number;
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly expiry: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) config: BalanceApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    const database = config.database;
    this.windowMs = config.balanceApi.transactionIdWindowSeconds * 1000;
    this.pool = new Pool({
      connectionString: database.url,
      // The claim statement in flight, and one for releases and expiry.
      max: IN_FLIGHT + 1,
      connectionTimeoutMillis: 5000,
      application_name: 'balance-api:transaction-ids',
      options: `-c search_path="${database.schema}" -c synchronous_commit=off -c statement_timeout=5000`,
    });
    // An idle connection that drops is replaced on the next query; it must not take the process down.
    this.pool.on('error', (error) =>
      this.logger.warn({ err: error }, 'repeat window connection lost'),
    );
    this.expiry = setInterval(() => void this.expire(), EXPIRE_EVERY_MS).unref();
  }

  /** The claim of `id` for a request answered at `nowMs`, or 'repeated' when it was answered within the window. */
  claim(id: string, nowMs: number): Promise<TransactionIdClaim | 'repeated'> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id, untilMs: nowMs + this.windowMs, resolve, reject });
      // One event-loop turn lets the requests parsed in the same turn join the batch.
      if (!this.scheduled && this.inFlight < IN_FLIGHT) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Gives a claim back (its request was not answered), unless another request has claimed the id since. */
  async release(claim: TransactionIdClaim): Promise<void> {
    await this.pool.query(RELEASE, [claim.id, claim.untilMs]);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.expiry);
    await this.pool.end().catch(() => undefined);
  }

  /** Sends what waits, as long as fewer than IN_FLIGHT statements run; each one that comes back sends again. */
  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < IN_FLIGHT) {
      this.inFlight += 1;
      void this.claimBatch(this.queue.splice(0, MAX_BATCH)).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  private async claimBatch(batch: readonly Pending[]): Promise<void> {
    // The same id twice in one batch: the first one decides, the others are repeats of it.
    const first = new Map<string, Pending>();
    const repeats: Pending[] = [];
    for (const pending of batch) {
      if (first.has(pending.id)) repeats.push(pending);
      else first.set(pending.id, pending);
    }
    const claims = [...first.values()];
    batchSizes.observe(batch.length);
    try {
      // Named: each connection plans the statement once.
      const { rows } = await this.pool.query<{ transaction_id: string }>({
        name: 'get-balance-claim-transaction-ids',
        text: CLAIM,
        values: [
          claims.map((pending) => pending.id),
          claims.map((pending) => pending.untilMs),
          this.windowMs,
        ],
      });
      const claimed = new Set(rows.map((row) => row.transaction_id));
      for (const pending of claims)
        pending.resolve(
          claimed.has(pending.id) ? { id: pending.id, untilMs: pending.untilMs } : 'repeated',
        );
      for (const pending of repeats) pending.resolve('repeated');
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  private async expire(): Promise<void> {
    try {
      while ((await this.pool.query(EXPIRE, [this.clock.now()])).rowCount === 10_000);
    } catch (error) {
      this.logger.warn({ err: error }, 'expiring old X-MS-DM-TransactionIds failed');
    }
  }
}
