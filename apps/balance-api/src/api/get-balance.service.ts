import { Inject, Injectable } from '@nestjs/common';
import type { BalanceApiConfig } from '@mp/config';
import { DomainError, type GetBalanceErrorCode } from '@mp/contracts';
import { isDatabaseUnavailable } from '@mp/database';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@mp/platform';
import { classifySim, type SimGateResult } from '@mp/sim';
import { BalanceReader } from '../balance/balance.reader';
import { parseBalanceQuery } from './balance-query.parser';
import { balancesBody, notSupportedBody, type BalancesBody } from './balance-response.mapper';
import { CLOCK, type Clock } from './clock';
import { RateLimiter } from './rate-limiter';
import { TRANSACTION_ID_HEADER, type TransactionIdHeader } from './transaction-id.header';
import { TransactionIdWindow, type TransactionIdClaim } from './transaction-id.window';

/** A GetBalance failure by its stable code; the listener gives it its HTTP status. */
export class GetBalanceError extends DomainError<GetBalanceErrorCode> {}

/** D11: the caller is over its rate; it may try again after `retryAfterSeconds`. */
export class GetBalanceRateLimited extends GetBalanceError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `Too many requests; retry in ${retryAfterSeconds} s.`);
  }
}

/** PostgreSQL out of reach is a passing outage, told apart with its code and a retry hint (ADR 0025). */
const STORE_UNAVAILABLE = (cause: unknown) =>
  isDatabaseUnavailable(cause)
    ? new GetBalanceError(
        'DATABASE_UNAVAILABLE',
        'The database is unavailable for a moment; try again after Retry-After seconds.',
      )
    : new GetBalanceError(
        'BALANCE_STORE_UNAVAILABLE',
        'The balance store is unavailable; try again later.',
      );

/** What GetBalance answers from, once the listener has authenticated the caller (D1, D2). */
export interface GetBalanceQuery {
  /** Who the caller is, for its rate bucket (D11). */
  readonly client: string;
  /** The X-MS-DM-TransactionId header as read (D10). */
  readonly transactionId: TransactionIdHeader;
  /** The query string's parameters, unparsed. */
  readonly query: Record<string, unknown> | undefined;
  readonly simId: string;
}

/**
 * GetBalance, decisions D1–D17, in the order the answers take precedence: the caller's identity (401/403, the
 * listener's), its rate (429), the request's own validity (400), a repeated transaction id (409), then the SIM (404
 * or 200). The transaction id counts as seen once it is answered (anything but a 5xx), in the window all instances
 * share. Failures are GetBalanceErrors with a stable code; the HTTP statuses are the listener's.
 */
@Injectable()
export class GetBalanceService {
  private readonly rateLimiter: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly reader: BalanceReader,
    private readonly transactionIds: TransactionIdWindow,
  ) {
    const settings = config.balanceApi;
    this.rateLimiter = new RateLimiter(settings.rateLimit.perSecond, settings.rateLimit.burst);
  }

  async answer({ client, transactionId, query, simId }: GetBalanceQuery): Promise<BalancesBody> {
    const now = this.clock.now();
    const gate = classifySim(this.config.balanceApi.ranges, simId);
    const monitoring =
      gate.kind !== 'malformed' && gate.iccid === this.config.balanceApi.monitoringIccid;
    // Microsoft's monitoring probe must always get through (spec section 8): no rate limit, no repeat check.
    if (!monitoring) {
      const rate = this.rateLimiter.take(client, now);
      if (!rate.allowed) throw new GetBalanceRateLimited(rate.retryAfterSeconds);
    }
    if (!transactionId.ok) {
      throw new GetBalanceError(
        'INVALID_HEADER',
        `${TRANSACTION_ID_HEADER} ${transactionId.problem}`,
        TRANSACTION_ID_HEADER,
      );
    }
    const parsed = parseBalanceQuery(query);
    if (!parsed.ok)
      throw new GetBalanceError('INVALID_PARAMETER', parsed.message, parsed.parameter);
    if (monitoring) return this.balances(gate, true, parsed.query, now);
    const claim = await this.claim(transactionId.value, now);
    try {
      return await this.balances(gate, false, parsed.query, now);
    } catch (error) {
      // Not answered: give the id back, so that the caller's retry is not a repeat.
      if (!answered(error)) await this.release(claim);
      throw error;
    }
  }

  private async claim(id: string, now: number): Promise<TransactionIdClaim> {
    let claim: TransactionIdClaim | 'repeated';
    try {
      claim = await this.transactionIds.claim(id, now);
    } catch (error) {
      this.logger.error({ err: error }, 'X-MS-DM-TransactionId window unavailable');
      throw STORE_UNAVAILABLE(error);
    }
    if (claim === 'repeated') {
      throw new GetBalanceError(
        'TRANSACTION_ID_REPEATED',
        `This ${TRANSACTION_ID_HEADER} was already used.`,
      );
    }
    return claim;
  }

  private async release(claim: TransactionIdClaim): Promise<void> {
    await this.transactionIds.release(claim).catch((error: unknown) => {
      // The id stays claimed: the caller's retry within the window gets 409 (ADR 0017).
      this.logger.error({ err: error }, 'could not release an X-MS-DM-TransactionId');
    });
  }

  private async balances(
    gate: SimGateResult,
    monitoring: boolean,
    query: Parameters<typeof balancesBody>[2],
    now: number,
  ): Promise<BalancesBody> {
    if (gate.kind === 'malformed' || (gate.kind === 'notOperator' && !monitoring)) {
      throw new GetBalanceError('SIM_NOT_FOUND', 'No such SIM.');
    }
    if (gate.kind === 'notSupported' && !monitoring) return notSupportedBody(gate.iccid, query);
    try {
      const records = await this.reader.balancesOf(gate.iccid);
      return balancesBody(gate.iccid, records, query, now);
    } catch (error) {
      this.logger.error({ err: error }, 'balance read failed');
      throw STORE_UNAVAILABLE(error);
    }
  }
}

/** An answer the caller got (a 4xx): its transaction id counts as seen. A store failure or a bug is no answer. */
function answered(error: unknown): boolean {
  return (
    error instanceof GetBalanceError &&
    error.code !== 'BALANCE_STORE_UNAVAILABLE' &&
    error.code !== 'DATABASE_UNAVAILABLE'
  );
}
