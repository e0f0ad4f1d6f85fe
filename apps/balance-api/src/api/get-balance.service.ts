import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BalanceApiConfig } from '@mp/config';
import { isDatabaseUnavailable } from '@mp/database';
import {
  ApiError,
  APP_CONFIG,
  DATABASE_UNAVAILABLE_BODY,
  APP_LOGGER,
  authenticate,
  type AccessPolicy,
  type AppLogger,
} from '@mp/platform';
import { classifySim, type SimGateResult } from '@mp/sim';
import { BalanceReader } from '../balance/balance.reader';
import { balanceAccess, MICROSOFT } from '../security/balance-access';
import { parseBalanceQuery } from './balance-query.parser';
import { balancesBody, notSupportedBody, type BalancesBody } from './balance-response.mapper';
import { noteRequest } from './get-balance.request-notes';
import { CLOCK, type Clock } from './clock';
import { RateLimiter } from './rate-limiter';
import { TRANSACTION_ID_HEADER, transactionIdProblem } from './transaction-id.header';
import { TransactionIdWindow, type TransactionIdClaim } from './transaction-id.window';

/** PostgreSQL out of reach is a passing outage (503, retry hint: ADR 0020); any other store failure is a 500. */
const STORE_UNAVAILABLE = (cause: unknown) =>
  isDatabaseUnavailable(cause)
    ? new ApiError(
        503,
        DATABASE_UNAVAILABLE_BODY.error.code,
        DATABASE_UNAVAILABLE_BODY.error.message,
      )
    : new ApiError(
        500,
        'BALANCE_STORE_UNAVAILABLE',
        'The balance store is unavailable; try again later.',
      );

/**
 * GetBalance, decisions D1–D17, in the order the answers take precedence: the caller's identity (401/403), its
 * rate (429), the request's own validity (400), a repeated transaction id (409), then the SIM (404 or 200). The
 * transaction id counts as seen once it is answered (anything but a 5xx), in the window all instances share.
 */
@Injectable()
export class GetBalanceService {
  private readonly access: AccessPolicy;
  private readonly rateLimiter: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly reader: BalanceReader,
    private readonly transactionIds: TransactionIdWindow,
  ) {
    const settings = config.balanceApi;
    this.access = balanceAccess(config);
    this.rateLimiter = new RateLimiter(settings.rateLimit.perSecond, settings.rateLimit.burst);
  }

  async answer(request: FastifyRequest, reply: FastifyReply, simId: string): Promise<BalancesBody> {
    const now = this.clock.now();
    const transactionId = this.echoTransactionId(request, reply);
    const client = this.authenticate(request);
    const gate = classifySim(this.config.balanceApi.ranges, simId);
    const monitoring =
      gate.kind !== 'malformed' && gate.iccid === this.config.balanceApi.monitoringIccid;
    // Microsoft's monitoring probe must always get through (spec section 8): no rate limit, no repeat check.
    if (!monitoring) {
      const rate = this.rateLimiter.take(client, now);
      if (!rate.allowed) {
        void reply.header('Retry-After', String(rate.retryAfterSeconds));
        throw new ApiError(
          429,
          'TOO_MANY_REQUESTS',
          `Too many requests; retry in ${rate.retryAfterSeconds} s.`,
        );
      }
    }
    if (!transactionId.ok) {
      throw new ApiError(
        400,
        'INVALID_HEADER',
        `${TRANSACTION_ID_HEADER} ${transactionId.problem}`,
        TRANSACTION_ID_HEADER,
      );
    }
    const parsed = parseBalanceQuery(request.query as Record<string, unknown> | undefined);
    if (!parsed.ok) throw new ApiError(400, 'INVALID_PARAMETER', parsed.message, parsed.parameter);
    if (monitoring) return this.balances(gate, true, parsed.query, now);
    const claim = await this.claim(transactionId.value, now);
    try {
      return await this.balances(gate, false, parsed.query, now);
    } catch (error) {
      // Not answered: give the id back, so that the caller's retry is not a repeat.
      if (!(error instanceof ApiError) || error.status >= 500) await this.release(claim);
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
      throw new ApiError(
        409,
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
      throw new ApiError(404, 'SIM_NOT_FOUND', 'No such SIM.');
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

  /** D10: the caller's id (echoed on every answer, errors included) or one made here. */
  private echoTransactionId(
    request: FastifyRequest,
    reply: FastifyReply,
  ): { ok: true; value: string } | { ok: false; problem: string } {
    const raw = request.headers['x-ms-dm-transactionid'];
    if (Array.isArray(raw)) return { ok: false, problem: 'must be given once' };
    if (raw === undefined) {
      const made = `MO-${randomUUID()}`;
      void reply.header(TRANSACTION_ID_HEADER, made);
      return { ok: true, value: made };
    }
    const problem = transactionIdProblem(raw);
    if (problem !== null) return { ok: false, problem };
    void reply.header(TRANSACTION_ID_HEADER, raw);
    return { ok: true, value: raw };
  }

  /** D1 then D2; returns who the client is, for its rate bucket (D11). */
  private authenticate(request: FastifyRequest): string {
    const verdict = authenticate(this.access, MICROSOFT, request);
    if (!verdict.ok) {
      noteRequest(request, { client: verdict.presented ?? null });
      throw new ApiError(verdict.status, verdict.code, verdict.message);
    }
    const { caller } = verdict;
    noteRequest(request, { client: caller.subject ?? caller.name });
    return caller.name;
  }
}
