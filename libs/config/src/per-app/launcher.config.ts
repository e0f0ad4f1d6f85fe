import { z } from 'zod';
import { loadConfig } from '../load-config';
import type { Environment } from '../environment.source';
import { APP_NAMES, type AppName } from './app-config.types';

/** Which apps one launcher process runs: `APPS=orchestrator,portal-gateway`, or every app when unset. */
export function loadLauncherConfig(environment?: Environment): { apps: readonly AppName[] } {
  const schema = z.object({
    APPS: z
      .string()
      .default(APP_NAMES.join(','))
      .transform((text) => text.split(',').map((name) => name.trim()))
      .pipe(
        z
          .array(z.enum(APP_NAMES, { error: `must list apps among ${APP_NAMES.join(', ')}` }))
          .min(1),
      ),
  });
  return { apps: loadConfig(schema, environment).APPS };
}
