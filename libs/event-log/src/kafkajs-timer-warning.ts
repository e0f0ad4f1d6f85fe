/**
 * kafkajs 2.2.4 (its last release) schedules its request queue's check with a negative delay when nothing is
 * throttled (kafkajs issue 1751). Node 24 warns `TimeoutNegativeWarning` each time, on stderr, for what it has always
 * done: run the timer after 1 ms. Only that warning is dropped; every other one, and the same warning from anything
 * that is not kafkajs' request queue, still shows.
 */
let installed = false;

export function quietKafkajsTimerWarning(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    if (isKafkajsTimerWarning(warning, rest[0])) return;
    emitWarning(warning, ...rest);
  };
}

function isKafkajsTimerWarning(warning: string | Error, type: unknown): boolean {
  const name = typeof type === 'string' ? type : (type as { type?: unknown } | undefined)?.type;
  if (name !== 'TimeoutNegativeWarning' || typeof warning !== 'string') return false;
  return (new Error().stack ?? '').includes('kafkajs/src/network/requestQueue');
}
