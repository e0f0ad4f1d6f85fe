import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenEntry } from '@mp/config';

/**
 * Finds whom a bearer token belongs to. Tokens are compared as SHA-256 digests in constant time, and every
 * configured token is compared, so neither the length nor the position of a match shows in the timing.
 */
export class BearerTokens {
  private readonly digests: readonly { readonly name: string; readonly digest: Buffer }[];

  constructor(entries: readonly TokenEntry[]) {
    this.digests = entries.map(({ name, token }) => ({ name, digest: digest(token) }));
  }

  get size(): number {
    return this.digests.length;
  }

  /** The name of the token's owner; null for anything else (no header, another scheme, an unknown token). */
  nameOf(authorization: string | undefined): string | null {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
    if (match === null) return null;
    const presented = digest(match[1] as string);
    let name: string | null = null;
    for (const entry of this.digests) {
      if (timingSafeEqual(entry.digest, presented) && name === null) name = entry.name;
    }
    return name;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
