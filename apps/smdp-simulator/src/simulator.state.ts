import { randomBytes } from 'node:crypto';
import { type loadSmdpSimulatorConfig } from '@mp/config';
import { CallLog } from './es2/call-log';
import { FaultSwitches } from './es2/fault-switches';
import { generateIccids } from './pool/iccid.generator';
import { ProfilePool } from './pool/profile-pool';

export type SmdpSimulatorConfig = ReturnType<typeof loadSmdpSimulatorConfig>;
export type SimulatorSettings = SmdpSimulatorConfig['smdpSimulator'];

export interface PoolShape {
  readonly profileTypes: readonly string[];
  readonly sizePerType: number;
  readonly sizes?: Readonly<Record<string, number>>;
  /** Digits of the ICCIDs handed out (19 by default; 18 makes answers the operator must refuse). */
  readonly iccidDigits?: number;
}

/** A stored answer, replayed for a requester's repeated functionCallIdentifier (idempotency, G4). */
export interface StoredAnswer {
  readonly function: string;
  readonly body: unknown;
}

const MATCHING_ID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Everything the simulator holds: the pool, stored answers, fault switches and the call log. */
export class SimulatorState {
  readonly calls = new CallLog();
  readonly faults = new FaultSwitches();
  readonly answers = new Map<string, StoredAnswer>();
  pool: ProfilePool;
  shape: PoolShape;
  private nextSerial: number;

  constructor(private readonly settings: SimulatorSettings) {
    // Boot second × 10^4: a restarted simulator starts past the ICCIDs it handed out before.
    this.nextSerial = (Math.floor(Date.now() / 1000) % 10_000_000) * 10_000;
    this.shape = settings.pool;
    this.pool = this.newPool(this.shape);
  }

  /** A fresh pool (and no stored answers): tests use it to start from a known inventory. */
  resetPool(shape: PoolShape): void {
    this.shape = shape;
    this.pool = this.newPool(shape);
    this.answers.clear();
  }

  private newPool(shape: PoolShape): ProfilePool {
    // The profile type comes from a DownloadOrder: a name like "constructor" must not find Object's members.
    const sizeOf = (profileType: string) =>
      shape.sizes !== undefined && Object.hasOwn(shape.sizes, profileType)
        ? (shape.sizes[profileType] ?? shape.sizePerType)
        : shape.sizePerType;
    return new ProfilePool(
      {
        profileTypes: shape.profileTypes,
        iccids: (profileType) => {
          const first = this.nextSerial;
          this.nextSerial += sizeOf(profileType);
          return generateIccids(
            this.settings.pool.iccidPrefix,
            first,
            sizeOf(profileType),
            shape.iccidDigits,
          );
        },
      },
      () => new Date().toISOString(),
      newMatchingId,
    );
  }
}

/** Like the SM-DP+ examples: four groups of five (04386-AGYFT-A74Y8-3F815). */
function newMatchingId(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => MATCHING_ID_ALPHABET[byte % MATCHING_ID_ALPHABET.length]);
  return [0, 5, 10, 15].map((start) => chars.slice(start, start + 5).join('')).join('-');
}
