import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { BearerTokens } from './bearer-tokens';
import type { AccessVerdict, Authenticator, Caller } from './caller';
import { NO_CERTIFICATE, type ClientCertificateCheck } from './client-certificate.check';

/** The credentials an edge accepts: client certificates, bearer tokens, or both. */
export interface EdgeCredentials {
  /** Absent: certificates are no credential here (a plain-HTTP listener, or tokens only). */
  readonly certificates?: ClientCertificateCheck;
  readonly tokens?: BearerTokens;
  /** Roles of a caller, by name; none when absent. */
  readonly rolesOf?: (name: string) => readonly string[];
  /** Who the edge serves, for messages and the Bearer challenge ("portal", "support"). */
  readonly realm: string;
}

/**
 * One rule at every edge: no credential → 401; a credential that is refused (an untrusted or unexpected
 * certificate, an unknown token, a caller without the role) → 403; an expired certificate → 401 (D1). A client
 * certificate, when the edge accepts them and one is presented, decides alone: a bad certificate is not rescued by
 * a token.
 */
export function edgeAuthenticator(credentials: EdgeCredentials, role?: string): Authenticator {
  const { certificates, tokens, realm } = credentials;
  return (request: FastifyRequest): AccessVerdict => {
    const caller = identify(request);
    if (!('name' in caller)) return caller;
    if (role !== undefined && !caller.roles.includes(role)) {
      return {
        ok: false,
        status: 403,
        code: 'ROLE_REQUIRED',
        message: `This needs the ${role} role; ${caller.name} does not have it.`,
      };
    }
    return { ok: true, caller };
  };

  function identify(request: FastifyRequest): Caller | Exclude<AccessVerdict, { ok: true }> {
    const socket = request.raw.socket as TLSSocket;
    if (certificates !== undefined && certificates.presented(socket)) {
      const verdict = certificates.check(socket);
      if (!verdict.ok) return verdict;
      return { ...named(verdict.client, 'certificate'), subject: verdict.subject };
    }
    const authorization = request.headers.authorization;
    if (tokens !== undefined && authorization !== undefined) {
      const name = tokens.nameOf(authorization);
      if (name === null) {
        return {
          ok: false,
          status: 403,
          code: 'CREDENTIAL_REFUSED',
          message: `The ${realm} credential is not accepted.`,
        };
      }
      return named(name, 'token');
    }
    if (tokens === undefined) return NO_CERTIFICATE as Exclude<AccessVerdict, { ok: true }>;
    return {
      ok: false,
      status: 401,
      code: 'UNAUTHORIZED',
      message:
        certificates === undefined
          ? `This needs a ${realm} credential: Authorization: Bearer <token>.`
          : `This needs a ${realm} credential: a client certificate, or Authorization: Bearer <token>.`,
      challenge: `Bearer realm="${realm}"`,
    };
  }

  function named(name: string, credential: Caller['credential']): Caller {
    return { name, credential, roles: credentials.rolesOf?.(name) ?? [] };
  }
}
