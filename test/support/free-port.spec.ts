import { readFileSync } from 'node:fs';

type FreePort = () => Promise<number>;

function freePortOfWorker(workerId: string): FreePort {
  const saved = process.env.JEST_WORKER_ID;
  process.env.JEST_WORKER_ID = workerId;
  try {
    let loaded: FreePort | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance per simulated worker
      loaded = (require('./free-port') as { freePort: FreePort }).freePort;
    });
    return loaded!;
  } finally {
    process.env.JEST_WORKER_ID = saved;
  }
}

async function take(freePort: FreePort, count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i += 1) ports.push(await freePort());
  return ports;
}

describe('freePort', () => {
  it('gives each Jest worker ports of its own, never twice, outside the range listen(0) and connections use', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const first = await take(freePortOfWorker('1'), 60);
    const second = await take(freePortOfWorker('2'), 60);

    expect(new Set(first).size).toBe(first.length);
    expect(new Set(second).size).toBe(second.length);
    expect(first.filter((port) => second.includes(port))).toEqual([]);
    expect([...first, ...second].filter((port) => port >= low!)).toEqual([]);
  });
});
