import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/*
 * Ports handed to apps that must know each other's address before they start. A port the kernel picked with
 * `listen(0)` and released again is in its ephemeral range, where the next `listen(0)` of another Jest worker's app
 * and every outgoing connection take theirs too, so it could be gone before the app binds it (EADDRINUSE). These
 * come from below that range instead, from a block of their own per Jest worker, walked in order, so no worker of
 * this run and no outgoing connection hands out the same port. The walk starts at a random place in the block to
 * make a collision with another run on the same machine unlikely; a port found in use is skipped.
 */

const LOWEST = 10_000;
const SLOTS = 16;

function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    const parsed = Number(low);
    return Number.isInteger(parsed) && parsed > LOWEST + SLOTS * 64 ? parsed : 32_768;
  } catch {
    return 32_768;
  }
}

const blockSize = Math.floor((ephemeralLow() - LOWEST) / SLOTS);
const slot = Number(process.env.JEST_WORKER_ID ?? '0') % SLOTS;
const blockStart = LOWEST + slot * blockSize;
let next = Math.floor(Math.random() * blockSize);

function listensFreely(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port nobody listens on now and that nothing else in this run will be given. */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < blockSize; tried += 1) {
    const port = blockStart + (next % blockSize);
    next += 1;
    if (await listensFreely(port)) return port;
  }
  throw new Error(`no free port in ${blockStart}-${blockStart + blockSize - 1}`);
}
