/** The time GetBalance answers at (D14's time remaining, D10's window, D11's buckets); tests replace it. */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
