import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';

/** Who a request comes from, as its credential proved. */
export interface Caller {
  /** The configured name of the client or user. */
  readonly name: string;
  readonly credential: 'certificate' | 'token';
  readonly roles: readonly string[];
  /** The certificate's subject, for a certificate credential. */
  readonly subject?: string;
}

export type AccessVerdict =
  | { readonly ok: true; readonly caller: Caller }
  | {
      readonly ok: false;
      /** 401: no credential (or an expired certificate); 403: a credential this route does not accept. */
      readonly status: 401 | 403;
      readonly code: string;
      readonly message: string;
      /** A WWW-Authenticate challenge for 401 answers. */
      readonly challenge?: string;
      /** The subject of a refused client certificate, cut short: for access logs. */
      readonly presented?: string;
    };

/** Decides who a request comes from, or why it is refused. Never throws, never reads the body. */
export type Authenticator = (request: FastifyRequest) => AccessVerdict;

/** The requirements an app's routes may name (`@Requires('portal-client')`), each with its authenticator. */
export type AccessPolicy = Readonly<Record<string, Authenticator>>;

const callers = new WeakMap<FastifyRequest['raw'], Caller>();

export function rememberCaller(raw: FastifyRequest['raw'], caller: Caller): void {
  callers.set(raw, caller);
}

export function callerOf(raw: FastifyRequest['raw']): Caller | undefined {
  return callers.get(raw);
}

/** The authenticated caller of a Nest route handler (its route declares a requirement). */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest<FastifyRequest>().raw);
  if (caller === undefined) throw new ApiError(401, 'UNAUTHORIZED', 'No authenticated caller.');
  return caller;
});
