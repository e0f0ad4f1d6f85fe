import type { TLSSocket } from 'node:tls';
import type { CertificateClient } from '@mp/config';

export type CertificateVerdict =
  | {
      readonly ok: true;
      /** The configured name of the client (or the certificate's CN when any subject is accepted). */
      readonly client: string;
      /** The certificate's whole subject, as text. */
      readonly subject: string;
    }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly code: string;
      readonly message: string;
      /** The subject the refused certificate names, cut short (the caller chose it): for access logs. */
      readonly presented?: string;
    };

// A certificate's subject is the caller's to choose: what is kept of a refused one for the logs is bounded.
const MAX_PRESENTED_SUBJECT = 256;

// OpenSSL's verdicts on a certificate's dates; any other verification failure is an untrusted chain.
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

export const NO_CERTIFICATE: CertificateVerdict = {
  ok: false,
  status: 401,
  code: 'CLIENT_CERTIFICATE_REQUIRED',
  message: 'A client certificate is required.',
};

type Subject = Record<string, string | string[] | undefined>;

/**
 * Judges the client certificate of one TLS connection (D1, and every other mTLS edge). The handshake accepts any
 * certificate (requestCert without rejectUnauthorized) so that the verdict can be an HTTP answer with a JSON body:
 * none → 401, expired or not yet valid → 401, not chained to the configured CA or with no allowed subject → 403.
 * A connection's certificate never changes, so the verdict is kept per socket: keep-alive requests pay for it once.
 */
export class ClientCertificateCheck {
  private readonly verdicts = new WeakMap<TLSSocket, CertificateVerdict>();

  /** `clients`: the allowed subjects, each naming a client; `'any'`: any subject, named by its CN. */
  constructor(private readonly clients: readonly CertificateClient[] | 'any') {}

  /** Whether the connection carries a client certificate at all (a plain-HTTP socket never does). */
  presented(socket: TLSSocket): boolean {
    if (typeof socket.getPeerCertificate !== 'function') return false;
    const certificate = socket.getPeerCertificate();
    return certificate !== null && Object.keys(certificate).length > 0;
  }

  check(socket: TLSSocket): CertificateVerdict {
    const known = this.verdicts.get(socket);
    if (known !== undefined) return known;
    const verdict = this.judge(socket);
    this.verdicts.set(socket, verdict);
    return verdict;
  }

  private judge(socket: TLSSocket): CertificateVerdict {
    if (!this.presented(socket)) return NO_CERTIFICATE;
    const actual = socket.getPeerCertificate().subject as unknown as Subject;
    const presented = subjectText(actual ?? {}).slice(0, MAX_PRESENTED_SUBJECT);
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
    const client = this.clientOf(actual);
    if (client === null) {
      return {
        ok: false,
        status: 403,
        code: 'CLIENT_CERTIFICATE_SUBJECT',
        message: 'The client certificate subject is not the expected one.',
        presented,
      };
    }
    return { ok: true, client, subject: subjectText(actual) };
  }

  private clientOf(actual: Subject): string | null {
    if (this.clients === 'any') return single(actual.CN) ?? subjectText(actual);
    const found = this.clients.find(({ subject }) =>
      Object.entries(subject).every(([name, expected]) => single(actual[name]) === expected),
    );
    return found?.name ?? null;
  }
}

/** An attribute given once (an attribute repeated in a subject matches nothing). */
function single(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  return value.length === 1 ? value[0] : undefined;
}

function subjectText(subject: Subject): string {
  return Object.entries(subject)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(',');
}
