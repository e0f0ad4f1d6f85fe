import { createHash } from 'node:crypto';
import { canonicalJson } from '@mp/contracts';

/** The receipt's hash of an intake body: the same body in any key order hashes the same. */
export const bodySha256 = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body)).digest('hex');
