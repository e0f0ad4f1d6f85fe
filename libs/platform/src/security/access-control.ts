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
 * Every route of `fastify` must declare its access, or registering it fails (so the app does not start). Each
 * request to a protected route is authenticated before its body is read; a refusal is a JSON 401/403 and the
 * handler never runs. Returns the route table, filled as routes are registered.
 */
export function installAccessControl(fastify: FastifyInstance, policy: AccessPolicy): RouteEntry[] {
  const routes: RouteEntry[] = [];
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const where = `${methods.join(',')} ${route.url}`;
    const access = accessOf(route.config);
    if (access === undefined) {
      throw new RouteAccessError(
        `${where} declares no access: mark it @Public(reason) or @Requires(…)`,
      );
    }
    if ('requires' in access && !Object.hasOwn(policy, access.requires)) {
      throw new RouteAccessError(
        `${where} requires '${access.requires}', which this app does not know`,
      );
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const access = accessOf(request.routeOptions.config);
    // Unknown routes reach the 404 handler, which answers without touching anything.
    if (access === undefined || 'public' in access || access.checkedBy === 'handler') {
      done();
      return;
    }
    const verdict = policy[access.requires]!(request);
    if (verdict.ok) {
      rememberCaller(request.raw, verdict.caller);
      done();
      return;
    }
    refuse(reply, verdict);
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
    .send({ error: { code: verdict.code, message: verdict.message } });
}
