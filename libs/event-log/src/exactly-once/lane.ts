import type { Producer } from 'kafkajs';
import { PendingInputs } from './pending-inputs';
import { SerialLane } from './serial-lane';

/** The processor's state of one input partition (the same partition of every input topic). */
export interface Lane {
  readonly serial: SerialLane;
  readonly pending: PendingInputs;
  generation: number;
  /**
   * Bumped by every claim (an assignment, a re-claim after a failed transaction). Only the claim of the current
   * epoch may make the lane ready, and only a transaction of the current epoch may start a re-claim: a stale one
   * (decided before the lane was claimed again) changes nothing.
   */
  epoch: number;
  owned: boolean;
  /** True once the claim of the current epoch has completed. */
  ready: boolean;
  /**
   * Why the lane is not claimed again after a failed transaction: the group, asked, gives the partition to another
   * member (or is rebalancing). Not ready, paused, until the next assignment (ADR 0026). Null otherwise.
   */
  awaitingAssignment: string | null;
  producer: Producer | undefined;
  /** Settles when the claim of the current epoch is complete (fenced, rewound, state caught up). */
  claimed: Promise<void>;
  /** Records of a transaction the broker refused: they are decided and committed one by one. */
  readonly suspects: Set<string>;
  /** Records whose decision the broker refused on its own, with the reason: the handler's `refused` plan instead. */
  readonly refused: Map<string, string>;
  /** Records whose `refused` plan was refused too: skipped, with an error log. */
  readonly unrecordable: Set<string>;
}

export function newLane(): Lane {
  return {
    serial: new SerialLane(),
    pending: new PendingInputs(),
    generation: -1,
    epoch: 0,
    owned: false,
    ready: false,
    awaitingAssignment: null,
    producer: undefined,
    claimed: Promise.resolve(),
    suspects: new Set(),
    refused: new Map(),
    unrecordable: new Set(),
  };
}
