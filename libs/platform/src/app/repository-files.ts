import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Reads a file the repository ships beside the code (a console page, a portal-side script), found from `start`
 * upwards whether the app runs from the sources or from the bundle in dist/. Callers pass fixed paths only: no path
 * from a request ever reaches the disk.
 */
export function readRepositoryFile(path: string, start: string): Buffer {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return readFileSync(join(dir, path));
    if (dirname(dir) === dir) throw new Error(`${path} not found above ${start}`);
  }
}
