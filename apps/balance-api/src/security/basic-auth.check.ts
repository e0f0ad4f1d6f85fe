import { createHash, timingSafeEqual } from 'node:crypto';

/** D2: when configured, `Authorization: Basic …` must carry exactly this user and password. */
export class BasicAuthCheck {
  private readonly expected: Buffer;

  constructor(credentials: { readonly user: string; readonly password: string }) {
    this.expected = digest(`${credentials.user}:${credentials.password}`);
  }

  accepts(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match?.[1] === undefined) return false;
    const presented = Buffer.from(match[1], 'base64').toString('utf8');
    // Digests have equal length, so the comparison time says nothing about the secret.
    return timingSafeEqual(digest(presented), this.expected);
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
