import { readFile } from 'node:fs/promises';

/** The subset of Node's TLS server options our apps set. */
export interface HttpsOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly ca?: string | Buffer | Array<string | Buffer>;
  /** Ask for a client certificate; the app decides what a missing or bad one means (D1). */
  readonly requestCert?: boolean;
  readonly rejectUnauthorized?: boolean;
}

/**
 * A server certificate and, when `clientCaPath` is given, a request for a client certificate chained to that CA.
 * The handshake never refuses a client: its certificate is judged per request (ClientCertificateCheck), so that
 * the answer can be a JSON 401/403 instead of a dropped connection.
 */
export async function readHttpsOptions(files: {
  readonly certPath: string;
  readonly keyPath: string;
  readonly clientCaPath?: string | null;
}): Promise<HttpsOptions> {
  const [cert, key, ca] = await Promise.all([
    readFile(files.certPath),
    readFile(files.keyPath),
    files.clientCaPath ? readFile(files.clientCaPath) : Promise.resolve(undefined),
  ]);
  return ca === undefined
    ? { cert, key }
    : { cert, key, ca, requestCert: true, rejectUnauthorized: false };
}
