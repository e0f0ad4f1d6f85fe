import type { RejectedRecord } from '@mp/contracts';
import type { Projection } from './projection.types';
import {
  DEFAULT_MAX_RECORD_BYTES,
  recordTime,
  screenRecord,
  type SizedRecord,
} from './record-screening';
import { rejectionOf, type RejectionReason } from './rejection';

/** What one record read by a projection becomes: applied, skipped, or kept as rejected with its reason. */
export type Item<T> =
  | { readonly kind: 'apply'; readonly record: SizedRecord; readonly value: T }
  | { readonly kind: 'skip'; readonly record: SizedRecord }
  | { readonly kind: 'reject'; readonly record: SizedRecord; readonly rejection: RejectedRecord };

export interface ProjectionItemsOptions<T> {
  readonly projection: Projection<T, unknown>;
  readonly maxRecordBytes?: number;
  readonly now?: () => Date;
}

/** Screens each record (G14), then lets the projection decode it; never throws. */
export class ProjectionItems<T> {
  constructor(private readonly options: ProjectionItemsOptions<T>) {}

  read(record: SizedRecord): Item<T> {
    const { projection } = this.options;
    if (projection.skip?.(record) === true) return { kind: 'skip', record };
    const screened = screenRecord(record, this.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
    if (!screened.ok) return this.rejected(record, screened);
    const decoded = projection.decode(screened.json, record);
    switch (decoded.kind) {
      case 'apply':
        return { kind: 'apply', record, value: decoded.value };
      case 'skip':
        return { kind: 'skip', record };
      case 'reject':
        return this.rejected(record, decoded);
      default: {
        const _exhaustive: never = decoded;
        return _exhaustive;
      }
    }
  }

  rejected(record: SizedRecord, why: RejectionReason): Item<T> {
    const { projection } = this.options;
    const time = recordTime(record.timestamp);
    const rejection = rejectionOf(projection.name, record, why, {
      keyedByTransactionId: projection.keyedByTransactionId?.has(record.topic) ?? false,
      recordTimeMs: 'ms' in time ? time.ms : null,
      now: this.options.now ?? (() => new Date()),
    });
    return { kind: 'reject', record, rejection };
  }
}
