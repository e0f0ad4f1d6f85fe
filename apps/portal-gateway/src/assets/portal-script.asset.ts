import { readRepositoryFile } from '@mp/platform';

export const PORTAL_SCRIPT_PATH = 'apps/portal-gateway/public/mobile-plans-reports.js';

export interface PortalScript {
  readonly version: string;
  readonly body: Buffer;
}

/** The portal-side script (docs/adr/0013) and the version it declares, read once at start. */
export function loadPortalScript(start: string = __dirname): PortalScript {
  const body = readRepositoryFile(PORTAL_SCRIPT_PATH, start);
  const version = /var VERSION = '(\d+\.\d+\.\d+)';/.exec(body.toString('utf8'))?.[1];
  if (version === undefined) throw new Error(`${PORTAL_SCRIPT_PATH} declares no VERSION`);
  return { version, body };
}
