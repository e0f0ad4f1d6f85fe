import type { z } from 'zod';
import type { RejectionReason } from './rejection';

/** A rejection naming the first schema issue of a record and the field it is about. */
export function schemaRejection(
  code: string,
  issues: readonly z.core.$ZodIssue[],
  fallback: string,
  json: unknown,
): RejectionReason {
  const issue = issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return {
    code,
    reason:
      issue === undefined ? fallback : path === '' ? issue.message : `${path}: ${issue.message}`,
    parameter: path === '' ? null : path,
    transactionId: transactionIdNamedBy(json),
  };
}

/** The transactionId a record's JSON names (at the top or in its metadata), if it names one as text. */
export function transactionIdNamedBy(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const record = json as { transactionId?: unknown; metadata?: { transactionId?: unknown } };
  const named = record.metadata?.transactionId ?? record.transactionId;
  return typeof named === 'string' ? named : null;
}
