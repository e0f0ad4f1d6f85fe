import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
} from 'cockatiel';
import { SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import { inSpan } from '@mp/event-log';
import { type Es2CallOutcome, type SmdpFunction } from '@mp/es2plus';
import { type SmdpAdapterSettings } from '../adapter.config';
import { Es2TransportError, type Es2plusHttpClient } from './es2plus-http.client';
import { smdpAttempts, smdpCallSeconds, smdpCalls, smdpCircuitState } from './smdp-metrics';

/**
 * The process is stopping, or its partition is moving (a heartbeat failed): the call is abandoned unanswered and
 * unpublished, so its effect is redelivered to whoever owns it next (docs/adr/0025).
 */
export class CallAbandoned extends Error {
  readonly code = 'CALL_ABANDONED';
}

/** What one call came to: the SM-DP+'s answer, or `unavailable` once the budget is spent. */
export type CallOutcome =
  | Es2CallOutcome
  | { readonly status: 'unavailable'; readonly attempts: number; readonly lastError: string };

export type CircuitName = 'closed' | 'open' | 'halfOpen' | 'isolated';

const CIRCUIT_NAMES: Readonly<Record<CircuitState, CircuitName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'halfOpen',
  [CircuitState.Isolated]: 'isolated',
};

const isTransportFailure = (error: Error) =>
  error instanceof Es2TransportError || error instanceof TaskCancelledError;

/**
 * One ES2+ call to its outcome (docs/adr/0008): each attempt is bounded by a timeout; transport errors, timeouts
 * and non-200 answers are retried with bounded exponential backoff and the SAME functionCallIdentifier (the body
 * is built once), so the SM-DP+ replays instead of ordering twice. A `Failed` answer is an outcome, not an error:
 * never retried and never counted against the breaker. A consecutive-failure breaker stops hammering a dead
 * SM-DP+: while it is open a call waits for its half-open trial instead of spending attempts. An `unusable`
 * success (data the operator refuses) is an answer too: retrying would only fetch it again. The budget is
 * `maxAttempts` attempts that reached the SM-DP+ or `maxElapsedMs`, whichever ends first; then the outcome is
 * `unavailable`, and the purchase decides what that means (never silence).
 */
export class SmdpCallExecutor {
  readonly breaker: CircuitBreakerPolicy;
  private lastError: string | null = null;
  private readonly label: string;

  constructor(
    private readonly client: Es2plusHttpClient,
    private readonly settings: SmdpAdapterSettings,
    private readonly tracer: Tracer = trace.getTracer('noop'),
  ) {
    this.label = new URL(settings.baseUrl).host;
    this.breaker = circuitBreaker(handleWhen(isTransportFailure), {
      halfOpenAfter: settings.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(settings.breaker.consecutiveFailures),
    });
    smdpCircuitState.set({ smdp: this.label }, CircuitState.Closed);
    this.breaker.onStateChange((state) => smdpCircuitState.set({ smdp: this.label }, state));
  }

  get circuit(): CircuitName {
    return CIRCUIT_NAMES[this.breaker.state];
  }

  get lastFailure(): string | null {
    return this.lastError;
  }

  /** The call as one CLIENT span (ADR 0024): its attempts are the span's events, its outcome an attribute. */
  execute(
    fn: SmdpFunction,
    body: unknown,
    options: { signal: AbortSignal; onAttempt?: () => Promise<void> | void },
  ): Promise<CallOutcome> {
    const attributes = { 'rpc.system': 'es2plus', 'rpc.method': fn, 'server.address': this.label };
    return inSpan(
      this.tracer,
      `ES2+ ${fn}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        const outcome = await this.executeCall(fn, body, options, span);
        span.setAttribute('mp.es2.outcome', outcome.status);
        return outcome;
      },
    );
  }

  private async executeCall(
    fn: SmdpFunction,
    body: unknown,
    options: { signal: AbortSignal; onAttempt?: () => Promise<void> | void },
    span: Span,
  ): Promise<CallOutcome> {
    const { retry: budget, requestTimeoutMs, breaker } = this.settings;
    const started = performance.now();
    const deadline = Date.now() + budget.maxElapsedMs;
    // Attempts that reached the SM-DP+; a call refused by the open breaker waits for it instead of counting.
    let attempts = 0;
    let lastWasCircuitOpen = false;
    const delay = () =>
      lastWasCircuitOpen
        ? Math.min(breaker.halfOpenAfterMs, Math.max(0, deadline - Date.now()))
        : jittered(Math.min(budget.maxDelayMs, budget.initialDelayMs * 2 ** (attempts - 1)));
    const retryPolicy = retry(
      handleWhen(
        (error) =>
          !(error instanceof CallAbandoned) &&
          attempts < budget.maxAttempts &&
          Date.now() < deadline,
      ),
      { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: dynamicBackoff(delay) },
    );
    const attemptTimeout = timeout(requestTimeoutMs, TimeoutStrategy.Aggressive);
    try {
      const outcome = await retryPolicy.execute(async ({ signal }) => {
        if (options.signal.aborted) throw new CallAbandoned('the adapter is stopping');
        try {
          await options.onAttempt?.();
        } catch (error) {
          // The group rebalances (or this member was fenced): the partition may be someone else's now. Never a
          // retry on our budget: the call is given up unanswered, and whoever owns the effect next makes it with
          // the same functionCallIdentifier.
          throw new CallAbandoned('the heartbeat failed: the partition may have moved', {
            cause: error,
          });
        }
        try {
          const answer = await this.breaker.execute(() => {
            attempts += 1;
            return attemptTimeout.execute(({ signal: attemptSignal }) =>
              this.client.call(fn, body, AbortSignal.any([signal, attemptSignal])),
            );
          });
          smdpAttempts.inc({ smdp: this.label, function: fn, result: 'answered' });
          span.addEvent('attempt', { result: 'answered' });
          return answer;
        } catch (error) {
          lastWasCircuitOpen = error instanceof BrokenCircuitError;
          smdpAttempts.inc({ smdp: this.label, function: fn, result: attemptResult(error) });
          span.addEvent('attempt', { result: attemptResult(error) });
          if (!lastWasCircuitOpen) this.lastError = describe(error);
          throw error;
        }
      }, options.signal);
      smdpCalls.inc({ smdp: this.label, function: fn, outcome: outcome.status });
      return outcome;
    } catch (error) {
      if (error instanceof CallAbandoned) throw error;
      if (options.signal.aborted)
        throw new CallAbandoned('the adapter is stopping', { cause: error });
      smdpCalls.inc({ smdp: this.label, function: fn, outcome: 'unavailable' });
      return {
        status: 'unavailable',
        attempts,
        lastError: this.lastError ?? describe(error),
      };
    } finally {
      smdpCallSeconds.observe(
        { smdp: this.label, function: fn },
        (performance.now() - started) / 1000,
      );
    }
  }
}

/** A backoff whose every delay is decided when it is needed (after the failure it follows is known). */
function dynamicBackoff(delay: () => number): IBackoffFactory<unknown> {
  const step = (): IBackoff<unknown> => ({ duration: delay(), next: step });
  return { next: step };
}

/** Full jitter over the upper half, so retries of many purchases do not arrive in lockstep. */
function jittered(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}

function attemptResult(error: unknown): string {
  if (error instanceof BrokenCircuitError) return 'circuitOpen';
  if (error instanceof TaskCancelledError) return 'timeout';
  return 'transport';
}

function describe(error: unknown): string {
  if (error instanceof BrokenCircuitError) return 'circuit open: the SM-DP+ failed repeatedly';
  if (error instanceof TaskCancelledError) return 'timed out waiting for the SM-DP+';
  return error instanceof Error ? error.message : String(error);
}
