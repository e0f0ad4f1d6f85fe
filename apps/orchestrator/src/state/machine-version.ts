import { createHash } from 'node:crypto';
import { PERSISTED_STATE_FORMAT, purchaseMachine } from '@mp/purchase-machine';

let version: string | undefined;

/**
 * Names this build's purchase machine (ADR 0032): a snapshot is restored only by the machine that wrote it, and one
 * written by another is folded again from the log. A digest of the machine's definition (states, transitions, guard
 * and action names) and of the persisted state's format.
 */
export function machineVersion(): string {
  version ??= createHash('sha256')
    .update(JSON.stringify({ format: PERSISTED_STATE_FORMAT, machine: purchaseMachine.definition }))
    .digest('hex')
    .slice(0, 16);
  return version;
}
