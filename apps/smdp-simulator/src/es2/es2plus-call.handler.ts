import {
  ADMIN_PROTOCOL_PATTERN,
  Es2StatusCodes,
  failedBody,
  isJsonContentType,
  parseCancelOrderRequest,
  parseConfirmOrderRequest,
  parseDownloadOrderRequest,
  parseReleaseProfileRequest,
  successBody,
  toWireIccid,
  type RequestHeader,
  type SmdpFunction,
} from '@mp/es2plus';
import { type Iccid } from '@mp/sim';
import { type SimulatorState } from '../simulator.state';
import { type PoolResult } from '../pool/profile.model';

export interface Es2Call {
  readonly function: SmdpFunction;
  readonly adminProtocol: string | undefined;
  readonly contentType: string | undefined;
  readonly rawBody: string;
}

export type Es2Answer =
  | { readonly kind: 'answer'; readonly httpStatus: number; readonly body: unknown }
  /** Send nothing: keep the connection `holdMs`, then drop it. */
  | { readonly kind: 'drop'; readonly holdMs: number };

interface Handled {
  readonly answer: Es2Answer;
  readonly header: Partial<RequestHeader>;
  readonly request: unknown;
  readonly replayed: boolean;
  readonly fault: string | null;
}

/**
 * One ES2+ call: transport checks (section 14.1), fault switches, idempotent replay per requester and
 * functionCallIdentifier, request validation, then the pool's state machine.
 */
export class Es2plusCallHandler {
  constructor(
    private readonly state: SimulatorState,
    private readonly smdpAddress: string,
  ) {}

  async handle(call: Es2Call, client: string | null): Promise<Es2Answer> {
    const handled = await this.handleInner(call, client);
    const answer = handled.answer;
    this.state.calls.append({
      at: new Date().toISOString(),
      function: call.function,
      functionRequesterIdentifier: handled.header.functionRequesterIdentifier ?? null,
      functionCallIdentifier: handled.header.functionCallIdentifier ?? null,
      adminProtocol: call.adminProtocol ?? null,
      contentType: call.contentType ?? null,
      client,
      request: handled.request,
      httpStatus: answer.kind === 'answer' ? answer.httpStatus : null,
      response: answer.kind === 'answer' ? answer.body : null,
      replayed: handled.replayed,
      fault: handled.fault,
    });
    return answer;
  }

  private async handleInner(call: Es2Call, client: string | null): Promise<Handled> {
    const request = parseJson(call.rawBody);
    const header = headerOf(request);
    const base = { header, request, replayed: false, fault: null };
    if (!isJsonContentType(call.contentType))
      return { ...base, answer: failed(Es2StatusCodes.unsupportedContentType, 'Content-Type') };
    if (call.adminProtocol === undefined || !ADMIN_PROTOCOL_PATTERN.test(call.adminProtocol))
      return {
        ...base,
        answer: failed(Es2StatusCodes.unsupportedAdminProtocol, 'X-Admin-Protocol'),
      };

    const { latencyMs, fault } = this.state.faults.take(call.function);
    if (latencyMs > 0) await delay(latencyMs);
    if (fault?.kind === 'http5xx')
      return {
        ...base,
        fault: fault.kind,
        answer: { kind: 'answer', httpStatus: fault.httpStatus, body: { error: 'injected' } },
      };
    if (fault?.kind === 'failed')
      return {
        ...base,
        fault: fault.kind,
        answer: { kind: 'answer', httpStatus: 200, body: failedBody(fault.statusCodeData) },
      };
    if (fault?.kind === 'reset')
      return { ...base, fault: fault.kind, answer: { kind: 'drop', holdMs: 0 } };

    const key = storedAnswerKey(client, header);
    const stored = key === undefined ? undefined : this.state.answers.get(key);
    let body: unknown;
    let replayed = false;
    if (stored !== undefined) {
      replayed = true;
      body =
        stored.function === call.function
          ? stored.body
          : failedBody({
              subjectCode: '1.6',
              reasonCode: '3.3',
              message: `functionCallIdentifier already used for ${stored.function}`,
            });
    } else {
      body = this.execute(call.function, request);
      // A call without a usable header was refused before it changed anything: nothing to replay.
      if (key !== undefined) this.state.answers.set(key, { function: call.function, body });
    }
    if (fault?.kind === 'timeout')
      return { ...base, replayed, fault: fault.kind, answer: { kind: 'drop', holdMs: fault.ms } };
    return { ...base, replayed, answer: { kind: 'answer', httpStatus: 200, body } };
  }

  private execute(fn: SmdpFunction, request: unknown): unknown {
    switch (fn) {
      case 'downloadOrder': {
        const parsed = parseDownloadOrderRequest(request);
        if (!parsed.ok) return failedBody(parsed);
        return toBody(this.state.pool.downloadOrder(parsed.value), (value) => ({
          iccid: wireOf(value.iccid),
        }));
      }
      case 'confirmOrder': {
        const parsed = parseConfirmOrderRequest(request);
        if (!parsed.ok) return failedBody(parsed);
        return toBody(this.state.pool.confirmOrder(parsed.value), (value) => ({
          ...(value.eid === undefined ? {} : { eid: value.eid }),
          matchingId: value.matchingId,
          smdpAddress: this.smdpAddress,
        }));
      }
      case 'cancelOrder': {
        const parsed = parseCancelOrderRequest(request);
        if (!parsed.ok) return failedBody(parsed);
        return toBody(this.state.pool.cancelOrder(parsed.value), () => ({}));
      }
      case 'releaseProfile': {
        const parsed = parseReleaseProfileRequest(request);
        if (!parsed.ok) return failedBody(parsed);
        return toBody(this.state.pool.releaseProfile(parsed.value), () => ({}));
      }
      default: {
        const _exhaustive: never = fn;
        return _exhaustive;
      }
    }
  }
}

/** A 19-digit ICCID travels F-padded; any other length (18, 20) as its digits. */
function wireOf(iccid: string): string {
  return iccid.length === 19 ? toWireIccid(iccid as Iccid) : iccid;
}

function toBody<T>(result: PoolResult<T>, fields: (value: T) => object): unknown {
  if (!result.ok) return failedBody({ ...result });
  return successBody(fields(result.value));
}

function failed(code: { subjectCode: string; reasonCode: string }, what: string): Es2Answer {
  return {
    kind: 'answer',
    httpStatus: 200,
    body: failedBody({ ...code, message: `unsupported ${what}` }),
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * A functionCallIdentifier is unique only per requester (SGP.22 6.5.1.3): stored answers are keyed by who called
 * (the client certificate) and the functionRequesterIdentifier it gave, so that two requesters that pick the same
 * identifier never get each other's answer. JSON keeps the parts apart whatever characters they hold.
 */
function storedAnswerKey(
  client: string | null,
  header: Partial<RequestHeader>,
): string | undefined {
  const { functionRequesterIdentifier, functionCallIdentifier } = header;
  if (functionRequesterIdentifier === undefined || functionCallIdentifier === undefined)
    return undefined;
  return JSON.stringify([client, functionRequesterIdentifier, functionCallIdentifier]);
}

function headerOf(request: unknown): Partial<RequestHeader> {
  if (typeof request !== 'object' || request === null) return {};
  const header = (request as { header?: unknown }).header;
  if (typeof header !== 'object' || header === null) return {};
  const { functionRequesterIdentifier, functionCallIdentifier } = header as Record<string, unknown>;
  return {
    ...(typeof functionRequesterIdentifier === 'string' ? { functionRequesterIdentifier } : {}),
    ...(typeof functionCallIdentifier === 'string' ? { functionCallIdentifier } : {}),
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
