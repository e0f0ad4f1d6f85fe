import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * A CPU profile of one stretch of this process (bench/projection-rebuild `--cpu-prof DIR`): the rebuild runs inside
 * the bench's own process, so `node --cpu-prof` would also record the preload, which takes longer than any rebuild.
 * Open the file in Chrome DevTools (Performance) or any .cpuprofile viewer.
 */
export class RebuildCpuProfile {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<RebuildCpuProfile> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    // The default 1 ms interval; a rebuild of a few seconds gives thousands of samples.
    await session.post('Profiler.start');
    return new RebuildCpuProfile(session);
  }

  async stop(file: string): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  }
}
