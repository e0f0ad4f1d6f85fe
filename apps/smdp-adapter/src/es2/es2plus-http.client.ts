import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import {
  ADMIN_PROTOCOL,
  ES2PLUS_CONTENT_TYPE,
  es2plusPath,
  toCallOutcome,
  type Es2CallOutcome,
  type SmdpFunction,
} from '@mp/es2plus';
import { traceHeaders } from '@mp/event-log';
import { type SmdpAdapterSettings } from '../adapter.config';

/** The SM-DP+ could not be reached or gave no ES2+ answer: retried with the same functionCallIdentifier. */
export class Es2TransportError extends Error {
  readonly code = 'ES2_TRANSPORT';
}

/**
 * POSTs one ES2+ call (JSON binding, section 14.1) over mutual TLS: our client certificate, and the SM-DP+'s
 * server certificate must chain to the pinned CA (no system CAs).
 */
export class Es2plusHttpClient {
  private readonly dispatcher: Agent;

  constructor(private readonly settings: SmdpAdapterSettings) {
    const tls = settings.tls;
    this.dispatcher = new Agent({
      connect: tls
        ? {
            cert: readFileSync(tls.clientCertPath),
            key: readFileSync(tls.clientKeyPath),
            ca: readFileSync(tls.smdpCaPath),
            rejectUnauthorized: true,
          }
        : {},
      keepAliveTimeout: 10_000,
    });
  }

  async call(fn: SmdpFunction, body: unknown, signal: AbortSignal): Promise<Es2CallOutcome> {
    let response;
    try {
      response = await fetch(`${this.settings.baseUrl}${es2plusPath(fn)}`, {
        method: 'POST',
        headers: {
          'content-type': ES2PLUS_CONTENT_TYPE,
          'x-admin-protocol': ADMIN_PROTOCOL,
          accept: 'application/json',
          // W3C Trace Context of the call's span: an SM-DP+ that traces joins the purchase's trace.
          ...traceHeaders(),
        },
        body: JSON.stringify(body),
        dispatcher: this.dispatcher,
        signal,
      });
    } catch (error) {
      throw new Es2TransportError(describe(error), { cause: error });
    }
    const text = await response.text().catch((error: unknown) => {
      throw new Es2TransportError(describe(error), { cause: error });
    });
    if (response.status !== 200)
      throw new Es2TransportError(`HTTP ${response.status} from the SM-DP+`);
    try {
      return toCallOutcome(fn, JSON.parse(text));
    } catch (error) {
      // A 200 that is not an ES2+ answer (a proxy page, a truncated body): the call may not have happened.
      throw new Es2TransportError(describe(error), { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** undici hides the reason (TLS refusal, refused connection) in `cause`; operators need it in one line. */
function describe(error: unknown): string {
  if (!isErrorLike(error)) return String(error);
  const cause = error.cause;
  if (isErrorLike(cause)) {
    const code = cause.code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}

// Duck-typed: errors raised inside Node's own fetch machinery may come from another realm.
function isErrorLike(
  value: unknown,
): value is { message: string; code?: unknown; cause?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
