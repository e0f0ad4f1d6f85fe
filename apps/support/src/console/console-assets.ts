import { readRepositoryFile } from '@mp/platform';

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The console's files, and the two front-end libraries served from node_modules (no network at run time). */
const files: Readonly<Record<string, readonly [string, string]>> = {
  'index.html': ['apps/support/console/index.html', 'text/html; charset=utf-8'],
  'app.mjs': ['apps/support/console/app.mjs', 'text/javascript; charset=utf-8'],
  'api.mjs': ['apps/support/console/api.mjs', 'text/javascript; charset=utf-8'],
  'diagram.mjs': ['apps/support/console/diagram.mjs', 'text/javascript; charset=utf-8'],
  'format.mjs': ['apps/support/console/format.mjs', 'text/javascript; charset=utf-8'],
  'operator-actions.mjs': [
    'apps/support/console/operator-actions.mjs',
    'text/javascript; charset=utf-8',
  ],
  'console.css': ['apps/support/console/console.css', 'text/css; charset=utf-8'],
  'preact.mjs': ['node_modules/preact/dist/preact.mjs', 'text/javascript; charset=utf-8'],
  'htm.mjs': ['node_modules/htm/dist/htm.mjs', 'text/javascript; charset=utf-8'],
};

/**
 * Loads every asset once, from the repository the app runs in (found from this file's location, whether it runs
 * from the sources or from the bundle in dist/). A fixed list: no path from a request ever reaches the disk.
 */
export function loadConsoleAssets(start: string = __dirname): ReadonlyMap<string, ConsoleAsset> {
  return new Map(
    Object.entries(files).map(([name, [path, contentType]]) => [
      name,
      { body: readRepositoryFile(path, start), contentType },
    ]),
  );
}
