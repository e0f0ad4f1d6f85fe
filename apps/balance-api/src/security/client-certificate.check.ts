import type { TLSSocket } from 'node:tls';

export type ClientCheck =
  | { readonly ok: true; readonly client: string }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly code: string;
      readonly message: string;
      /** The subject the refused certificate names, for the access log (null without a certificate). */
      readonly presented: string | null;
    };

// OpenSSL's verdicts on a certificate's dates; any other verification failure is an untrusted chain.
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const NO_CERTIFICATE: ClientCheck = {
  ok: false,
  status: 401,
  code: 'CLIENT_CERTIFICATE_REQUIRED',
  message: 'A client certificate is required.',
  presented: null,
};
// A certificate's subject is the caller's to choose: the access log keeps a bounded prefix of it.
const MAX_SUBJECT_LENGTH = 256;

/**
 * D1 on one TLS connection. The handshake accepts any certificate (requestCert without rejectUnauthorized) so that
 * the verdict can be an HTTP answer with a JSON body: none → 401, expired or not yet valid → 401, not chained to the
 * configured CA or with another subject → 403. A connection's certificate never changes, so the verdict is kept
 * per socket: keep-alive requests pay for it once.
 */
export class ClientCertificateCheck {
  private readonly verdicts = new WeakMap<TLSSocket, ClientCheck>();

  constructor(private readonly subject: Readonly<Record<string, string>>) {}

  check(socket: TLSSocket): ClientCheck {
    const known = this.verdicts.get(socket);
    if (known !== undefined) return known;
    const verdict = this.judge(socket);
    this.verdicts.set(socket, verdict);
    return verdict;
  }

  private judge(socket: TLSSocket): ClientCheck {
    if (typeof socket.getPeerCertificate !== 'function') return NO_CERTIFICATE;
    const certificate = socket.getPeerCertificate();
    if (certificate === null || Object.keys(certificate).length === 0) return NO_CERTIFICATE;
    const actual = (certificate.subject ?? {}) as unknown as Record<
      string,
      string | string[] | undefined
    >;
    const presented = subjectText(actual).slice(0, MAX_SUBJECT_LENGTH);
    if (!socket.authorized) {
      const reason = String(socket.authorizationError ?? 'unknown');
      return DATE_ERRORS.has(reason)
        ? {
            ok: false,
            status: 401,
            code: 'CLIENT_CERTIFICATE_EXPIRED',
            message: 'The client certificate is expired or not yet valid.',
            presented,
          }
        : {
            ok: false,
            status: 403,
            code: 'CLIENT_CERTIFICATE_UNTRUSTED',
            message: 'The client certificate is not issued by a trusted authority.',
            presented,
          };
    }
    const matches = Object.entries(this.subject).every(([name, expected]) => {
      const value = actual[name];
      return Array.isArray(value)
        ? value.length === 1 && value[0] === expected
        : value === expected;
    });
    if (!matches) {
      return {
        ok: false,
        status: 403,
        code: 'CLIENT_CERTIFICATE_SUBJECT',
        message: 'The client certificate subject is not the expected one.',
        presented,
      };
    }
    return { ok: true, client: presented };
  }
}

function subjectText(subject: Record<string, string | string[] | undefined>): string {
  return Object.entries(subject)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(',');
}
