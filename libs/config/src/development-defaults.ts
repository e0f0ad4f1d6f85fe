import { sep } from 'node:path';
import { DEVELOPMENT_TOKEN_PREFIX, type TokenSource } from './credentials.settings';

/** A setting left at something only development may use (production mode refuses to start with it). */
export interface DevelopmentDefault {
  /** The setting to change. */
  readonly setting: string;
  /** What it leaves in place. */
  readonly what: string;
}

/** Files under a `.local` folder are what tools/certs and tools/credentials generate at start. */
export function isDevelopmentPath(path: string | null | undefined): boolean {
  return typeof path === 'string' && path.split(sep).includes('.local');
}

export function isDevelopmentTokenSource(source: TokenSource): boolean {
  return source.kind === 'file'
    ? isDevelopmentPath(source.path)
    : source.entries.some((entry) => entry.token.startsWith(DEVELOPMENT_TOKEN_PREFIX));
}

/** One finding per setting whose certificate, key or CA file is the development PKI. */
export function developmentPki(
  paths: Readonly<Record<string, string | null | undefined>>,
): DevelopmentDefault[] {
  return Object.entries(paths)
    .filter(([, path]) => isDevelopmentPath(path))
    .map(([setting]) => ({ setting, what: 'the development PKI (.local/certs)' }));
}

export function developmentTokens(source: TokenSource, what: string): DevelopmentDefault[] {
  return isDevelopmentTokenSource(source)
    ? [
        {
          setting: source.kind === 'file' ? `${source.setting}_FILE` : source.setting,
          what: `the development ${what} (generated under .local/credentials)`,
        },
      ]
    : [];
}
