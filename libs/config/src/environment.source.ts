import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type Environment = Readonly<Record<string, string | undefined>>;

let dotenvLoaded = false;

/**
 * The process environment, with `.env` from the working directory merged underneath it (real environment
 * variables win). This is the only place in the code base that reads `process.env`.
 */
export function readEnvironment(): Environment {
  if (!dotenvLoaded) {
    dotenvLoaded = true;
    const file = resolve(process.cwd(), '.env');
    // loadEnvFile never overrides variables that are already set.
    if (existsSync(file)) process.loadEnvFile(file);
  }
  return { ...process.env };
}
