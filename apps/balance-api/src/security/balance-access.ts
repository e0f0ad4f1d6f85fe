import type { TLSSocket } from 'node:tls';
import type { BalanceApiConfig } from '@mp/config';
import { ClientCertificateCheck, type AccessPolicy } from '@mp/platform';
import { BasicAuthCheck } from './basic-auth.check';

/** What GetBalance requires: Microsoft's client certificate (D1), then Basic auth when configured (D2). */
export const MICROSOFT = 'microsoft';

/**
 * The caller's name is what D11 rate-limits by: the configured client of the certificate, or the remote address in
 * the benchmark-only plain-HTTP mode.
 */
export function balanceAccess(config: BalanceApiConfig): AccessPolicy {
  const settings = config.balanceApi;
  const certificates = new ClientCertificateCheck([
    { name: MICROSOFT, subject: settings.tls.clientSubject },
  ]);
  const basicAuth = settings.basicAuth === null ? null : new BasicAuthCheck(settings.basicAuth);
  return {
    [MICROSOFT]: (request) => {
      let client = request.ip;
      let subject: string | undefined;
      if (!settings.insecurePlainHttp) {
        const verdict = certificates.check(request.raw.socket as TLSSocket);
        if (!verdict.ok) return verdict;
        client = verdict.client;
        subject = verdict.subject;
      }
      if (basicAuth !== null && !basicAuth.accepts(request.headers.authorization)) {
        return {
          ok: false,
          status: 401,
          code: 'BASIC_AUTH_INVALID',
          message: 'Basic authentication failed.',
        };
      }
      return {
        ok: true,
        caller: {
          name: client,
          credential: 'certificate',
          roles: [],
          ...(subject ? { subject } : {}),
        },
      };
    },
  };
}
