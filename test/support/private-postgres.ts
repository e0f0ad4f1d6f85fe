import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A PostgreSQL cluster of this test's own, for tests that stop or restart the database (the shared one on 5432 is
 * never touched). Made with Debian's initdb/pg_ctl as the `postgres` user, on a free port, in a folder of its own
 * under the system's temporary directory: not under the checkout, which the `postgres` user may not be able to
 * enter (a clone made in `mktemp -d` is root's alone). Removed by `destroy`.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(name: string): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), `mobileplans-pg-${name}-`));
    execFileSync('chown', ['postgres:postgres', dir]);
    const cluster = new PrivatePostgres(dir, await freePort());
    cluster.asPostgres('initdb', [
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    cluster.start();
    cluster.asPostgres('createdb', [
      '-h',
      '127.0.0.1',
      '-p',
      String(cluster.port),
      '-U',
      'postgres',
      'app',
    ]);
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/app`;
  }

  start(): void {
    this.asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown: open connections are terminated, as in a restart by an operator. */
  stop(): void {
    this.asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private asPostgres(tool: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', join(binaries(), tool), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
}

function binaries(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions[0] === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}
