/** One ES2+ call as the simulator saw it: what tests and people check ("the simulator records them"). */
export interface CallRecord {
  readonly sequence: number;
  readonly at: string;
  readonly function: string;
  readonly functionRequesterIdentifier: string | null;
  readonly functionCallIdentifier: string | null;
  readonly adminProtocol: string | null;
  readonly contentType: string | null;
  /** Subject CN of the client certificate that made the call. */
  readonly client: string | null;
  readonly request: unknown;
  /** null when no answer was sent (an injected timeout or reset). */
  readonly httpStatus: number | null;
  readonly response: unknown;
  /** True when the answer was the stored answer of an earlier call by the same requester with the same identifier. */
  readonly replayed: boolean;
  readonly fault: string | null;
}

const MAX_RECORDS = 10_000;

export class CallLog {
  private records: CallRecord[] = [];
  private sequence = 0;

  append(record: Omit<CallRecord, 'sequence'>): CallRecord {
    this.sequence += 1;
    const stored = { ...record, sequence: this.sequence };
    this.records.push(stored);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS);
    return stored;
  }

  list(filter: { function?: string; functionCallIdentifier?: string } = {}): readonly CallRecord[] {
    return this.records.filter(
      (record) =>
        (filter.function === undefined || record.function === filter.function) &&
        (filter.functionCallIdentifier === undefined ||
          record.functionCallIdentifier === filter.functionCallIdentifier),
    );
  }

  clear(): void {
    this.records = [];
  }
}
