import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';

/**
 * What a route demands of its caller, declared on the route itself (Fastify route config, so that the router's own
 * table lists it): public, with the reason why, or a requirement of the app's access policy. A route that declares
 * neither cannot be registered (access-control.ts).
 */
export type RouteAccess =
  | { readonly public: string }
  | {
      readonly requires: string;
      /** The handler authenticates with the same policy itself, where its protocol orders the answers (GetBalance). */
      readonly checkedBy?: 'handler';
    };

/** The key of the declaration in a Fastify route's `config`. */
export const ROUTE_ACCESS = 'access';

export const publicRoute = (reason: string) => ({ [ROUTE_ACCESS]: { public: reason } });
export const protectedRoute = (requirement: string, checkedBy?: 'handler') => ({
  [ROUTE_ACCESS]: checkedBy ? { requires: requirement, checkedBy } : { requires: requirement },
});

/** A Nest route anyone may call; the reason shows in the route table and to reviewers. */
export const Public = (reason: string) => applyDecorators(RouteConfig(publicRoute(reason)));

/** A Nest route whose caller must satisfy the app's `requirement` (e.g. 'portal-client', 'support:operator'). */
export const Requires = (requirement: string) =>
  applyDecorators(RouteConfig(protectedRoute(requirement)));

export function accessOf(config: unknown): RouteAccess | undefined {
  if (typeof config !== 'object' || config === null || !Object.hasOwn(config, ROUTE_ACCESS))
    return undefined;
  const access = (config as Record<string, unknown>)[ROUTE_ACCESS] as RouteAccess;
  return access;
}
