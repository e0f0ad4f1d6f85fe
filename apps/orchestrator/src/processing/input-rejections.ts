import type { BatchWork } from './batch-work';
import type { OutgoingRecords } from './outgoing-records';
import type { Origin } from './parking.policy';

/** Puts a record no purchase accepts on the rejected-records topic with its reason, in the batch's transaction (G8). */
export class InputRejections {
  constructor(
    private readonly out: OutgoingRecords,
    private readonly options: {
      readonly now: () => Date;
      readonly onOutcome: (outcome: 'invalid') => void;
    },
  ) {}

  /** A record that does not have the shape of its contract: the first issue names the field. */
  invalid(
    work: BatchWork,
    origin: Origin,
    failure: { parameter: string; message: string },
    transactionId: string | null,
  ): void {
    const { parameter, message } = failure;
    this.reject(work, origin, 'INVALID_INPUT', message, parameter, transactionId);
  }

  reject(
    work: BatchWork,
    origin: Origin,
    code: string,
    reason: string,
    parameter: string | null,
    transactionId: string | null,
  ): void {
    const at = this.options.now().toISOString();
    const rejection = { code, reason, parameter };
    work.messages.push(
      this.out.rejected(origin.source, origin.value, rejection, transactionId, at),
    );
    this.options.onOutcome('invalid');
  }
}
