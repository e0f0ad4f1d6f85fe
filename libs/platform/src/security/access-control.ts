import { errorBody } from '../http/api-error';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rememberCaller, type AccessPolicy, type AccessVerdict } from './caller';
import { accessOf, type RouteAccess } from './route-access';

/** One route of one listener, as its router registered it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

/** A route without an access declaration, or naming a requirement the app's policy does not know. */
export class RouteAccessError extends Error {
  readonly code = 'ROUTE_ACCESS_UNDECLARED';
}

/**
 * Every route of `fastify` must declare its access, or registering it fails (so the app does not start). A route
 * the platform enforces gets an `onRequest` hook of its own that authenticates before the body is read; a refusal
 * is a JSON 401/403 and the handler never runs. Public routes, and those whose handler authenticates, get no hook:
 * their request path costs nothing more. Returns the route table, filled as routes are registered.
 */
export function installAccessControl(fastify: FastifyInstance, policy: AccessPolicy): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const enforcers = new WeakSet<object>();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const where = `${methods.join(',')} ${route.url}`;
    const access = accessOf(route.config);
    if (access === undefined) {
      throw new RouteAccessError(
        `${where} declares no access: mark it @Public(reason) or @Requires(…)`,
      );
    }
    const authenticator = 'requires' in access ? policy[access.requires] : undefined;
    if ('requires' in access && (!Object.hasOwn(policy, access.requires) || !authenticator)) {
      throw new RouteAccessError(
        `${where} requires '${access.requires}', which this app does not know`,
      );
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
    if (authenticator === undefined || ('checkedBy' in access && access.checkedBy === 'handler'))
      return;
    const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
    // Fastify registers a GET's HEAD twin from the same options: one check is enough.
    if (existing.some((hook) => enforcers.has(hook))) return;
    const enforce = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
      const verdict = authenticator(request);
      if (!verdict.ok) {
        refuse(reply, verdict);
        return;
      }
      rememberCaller(request.raw, verdict.caller);
      done();
    };
    enforcers.add(enforce);
    route.onRequest = [enforce, ...existing];
  });
  return routes;
}

/** Authenticates where a handler decides (routes declared `checkedBy: 'handler'`); remembers the caller. */
export function authenticate(
  policy: AccessPolicy,
  requirement: string,
  request: FastifyRequest,
): AccessVerdict {
  const verdict = policy[requirement]!(request);
  if (verdict.ok) rememberCaller(request.raw, verdict.caller);
  return verdict;
}

function refuse(reply: FastifyReply, verdict: Exclude<AccessVerdict, { ok: true }>): void {
  if (verdict.challenge !== undefined) void reply.header('www-authenticate', verdict.challenge);
  void reply
    .code(verdict.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(verdict.code, verdict.message));
}
