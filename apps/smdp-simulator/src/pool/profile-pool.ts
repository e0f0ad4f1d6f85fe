import {
  Es2StatusCodes,
  type CancelOrderRequest,
  type ConfirmOrderRequest,
  type DownloadOrderRequest,
  type ReleaseProfileRequest,
  type StatusCode,
} from '@mp/es2plus';
import { type PoolResult, type Profile, type ProfileState } from './profile.model';

export interface PoolOptions {
  readonly profileTypes: readonly string[];
  readonly iccids: (profileType: string, typeIndex: number) => readonly string[];
}

const fail = (code: StatusCode, message: string): PoolResult<never> => ({
  ok: false,
  ...code,
  message,
});
const ok = <T>(value: T): PoolResult<T> => ({ ok: true, value });

const CANCELLABLE: readonly ProfileState[] = [
  'Allocated',
  'Linked',
  'Confirmed',
  'Released',
  'Error',
];

/**
 * The SM-DP+ inventory and its SGP.22 state machine (section 14.3). Plain in-memory state: the simulator is a
 * test peer, and a restart starts a fresh pool with fresh ICCIDs.
 */
export class ProfilePool {
  private readonly profiles = new Map<string, Profile>();
  private readonly types: readonly string[];

  constructor(
    options: PoolOptions,
    private readonly now: () => string,
    private readonly newMatchingId: () => string,
  ) {
    this.types = options.profileTypes;
    options.profileTypes.forEach((profileType, typeIndex) => {
      for (const iccid of options.iccids(profileType, typeIndex)) {
        this.profiles.set(iccid, {
          iccid,
          profileType,
          state: 'Available',
          eid: null,
          matchingId: null,
          confirmationCode: null,
          smdsAddress: null,
          downloadAttempts: 0,
          history: [],
        });
      }
    });
  }

  list(): readonly Profile[] {
    return [...this.profiles.values()];
  }

  get(iccid: string): Profile | undefined {
    return this.profiles.get(iccid);
  }

  byMatchingId(matchingId: string): Profile | undefined {
    return this.list().find((profile) => profile.matchingId === matchingId);
  }

  downloadOrder(request: DownloadOrderRequest): PoolResult<{ iccid: string }> {
    let profile: Profile | undefined;
    if (request.iccid !== undefined) {
      profile = this.profiles.get(request.iccid);
      if (!profile) return fail(Es2StatusCodes.iccidUnknown, 'ICCID unknown');
      if (profile.state !== 'Available')
        return fail(Es2StatusCodes.profileNotAvailable, `profile is ${profile.state}`);
      if (request.profileType !== undefined && request.profileType !== profile.profileType)
        return fail(Es2StatusCodes.profileTypeMismatch, 'profile type does not match the ICCID');
    } else {
      if (request.profileType === undefined)
        return fail(
          { subjectCode: '8.2.5', reasonCode: '2.3' },
          'either iccid or profileType is required',
        );
      const profileType = request.profileType;
      if (!this.types.includes(profileType))
        return fail(Es2StatusCodes.profileTypeUnknown, `profile type ${profileType} unknown`);
      profile = this.list().find((p) => p.profileType === profileType && p.state === 'Available');
      if (!profile)
        return fail(Es2StatusCodes.inventoryExhausted, `no more profiles of type ${profileType}`);
    }
    profile.eid = request.eid ?? null;
    this.move(profile, request.eid === undefined ? 'Allocated' : 'Linked', 'downloadOrder');
    return ok({ iccid: profile.iccid });
  }

  confirmOrder(
    request: ConfirmOrderRequest,
  ): PoolResult<{ eid?: string; matchingId: string; released: boolean }> {
    const profile = this.profiles.get(request.iccid);
    if (!profile) return fail(Es2StatusCodes.iccidUnknown, 'ICCID unknown');
    if (profile.state !== 'Allocated' && profile.state !== 'Linked')
      return fail(Es2StatusCodes.invalidTransition, `cannot confirm a ${profile.state} profile`);
    if (request.eid !== undefined && profile.eid !== null && request.eid !== profile.eid)
      return fail(Es2StatusCodes.eidConflict, 'a different EID is associated with this ICCID');
    const eid = request.eid ?? profile.eid;
    if (eid === null && (request.smdsAddress !== undefined || request.matchingId === ''))
      return fail(Es2StatusCodes.eidMissing, 'an EID is needed with an SM-DS address');
    if (request.matchingId !== undefined && request.matchingId !== '') {
      const holder = this.byMatchingId(request.matchingId);
      if (holder && holder !== profile)
        return fail(Es2StatusCodes.matchingIdInUse, 'MatchingID already in use');
    }
    profile.eid = eid;
    profile.matchingId = request.matchingId || this.newMatchingId();
    profile.confirmationCode = request.confirmationCode ?? null;
    profile.smdsAddress = request.smdsAddress ?? null;
    this.move(profile, request.releaseFlag ? 'Released' : 'Confirmed', 'confirmOrder');
    return ok({
      ...(eid === null ? {} : { eid }),
      matchingId: profile.matchingId,
      released: request.releaseFlag,
    });
  }

  releaseProfile(request: ReleaseProfileRequest): PoolResult<Record<never, never>> {
    const profile = this.profiles.get(request.iccid);
    if (!profile) return fail(Es2StatusCodes.iccidUnknown, 'ICCID unknown');
    if (profile.state !== 'Confirmed')
      return fail(Es2StatusCodes.invalidTransition, `cannot release a ${profile.state} profile`);
    this.move(profile, 'Released', 'releaseProfile');
    return ok({});
  }

  cancelOrder(request: CancelOrderRequest): PoolResult<Record<never, never>> {
    const profile = this.profiles.get(request.iccid);
    if (!profile) return fail(Es2StatusCodes.iccidUnknown, 'ICCID unknown');
    if (request.eid !== undefined && profile.eid !== null && request.eid !== profile.eid)
      return fail(Es2StatusCodes.iccidEidConflict, 'a different EID is associated with this ICCID');
    if (request.matchingId !== undefined && request.matchingId !== profile.matchingId)
      return fail(Es2StatusCodes.matchingIdConflict, 'a different MatchingID is associated');
    if (!CANCELLABLE.includes(profile.state))
      return fail(Es2StatusCodes.invalidTransition, `cannot cancel a ${profile.state} profile`);
    profile.eid = null;
    profile.matchingId = null;
    profile.confirmationCode = null;
    profile.smdsAddress = null;
    this.move(profile, request.finalProfileStatusIndicator, 'cancelOrder');
    // Back of the queue: the next order gets a profile that has rested longest, not the one just given up.
    this.profiles.delete(profile.iccid);
    this.profiles.set(profile.iccid, profile);
    return ok({});
  }

  /** The device side: the LPA fetched the bound profile package, installed it, or failed. */
  deviceStep(profile: Profile, to: 'Downloaded' | 'Installed' | 'Error', cause: string): void {
    if (to === 'Downloaded') profile.downloadAttempts += 1;
    this.move(profile, to, cause);
  }

  private move(profile: Profile, to: ProfileState, cause: string): void {
    profile.history.push({ from: profile.state, to, at: this.now(), cause });
    profile.state = to;
  }
}
