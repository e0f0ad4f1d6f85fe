/** The subset of Node's TLS server options our apps set. */
export interface HttpsOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly ca?: string | Buffer | Array<string | Buffer>;
  /** Ask for a client certificate; the app decides what a missing or bad one means (D1). */
  readonly requestCert?: boolean;
  readonly rejectUnauthorized?: boolean;
}
