/** SGP.22 profile states at the SM-DP+ (mobile-plans.md section 14.3). */
export const PROFILE_STATES = [
  'Available',
  'Allocated',
  'Linked',
  'Confirmed',
  'Released',
  'Downloaded',
  'Installed',
  'Error',
  'Unavailable',
] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

export interface StateChange {
  readonly from: ProfileState;
  readonly to: ProfileState;
  readonly at: string;
  /** The ES2+ function or device step that caused it. */
  readonly cause: string;
}

export interface Profile {
  readonly iccid: string;
  readonly profileType: string;
  state: ProfileState;
  eid: string | null;
  matchingId: string | null;
  confirmationCode: string | null;
  smdsAddress: string | null;
  downloadAttempts: number;
  readonly history: StateChange[];
}

/** A failure the SM-DP+ answers with `Failed` and these codes. */
export interface PoolFailure {
  readonly subjectCode: string;
  readonly reasonCode: string;
  readonly message: string;
}

export type PoolResult<T> =
  { readonly ok: true; readonly value: T } | ({ readonly ok: false } & PoolFailure);
