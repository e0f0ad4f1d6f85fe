import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credential {
  readonly user: string;
  readonly token: string;
}

/**
 * Finds the user a bearer token belongs to. Tokens are compared as SHA-256 digests in constant time, and every
 * configured token is compared, so neither the length nor the position of a match shows in the timing.
 */
export class SupportCredentials {
  private readonly digests: readonly { readonly user: string; readonly digest: Buffer }[];

  constructor(credentials: readonly Credential[]) {
    this.digests = credentials.map(({ user, token }) => ({ user, digest: digest(token) }));
  }

  userOf(authorization: string | undefined): string | null {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
    if (match === null) return null;
    const presented = digest(match[1] as string);
    let user: string | null = null;
    for (const entry of this.digests) {
      if (timingSafeEqual(entry.digest, presented) && user === null) user = entry.user;
    }
    return user;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
