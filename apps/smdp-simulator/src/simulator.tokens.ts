/** The simulator's in-memory state (pool, stored answers, faults, call log), one per app instance. */
export const SIMULATOR_STATE = Symbol('SIMULATOR_STATE');
