import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { filePath } from './setting.schemas';

/** A bearer token and the client or user it authenticates. */
export interface TokenEntry {
  readonly name: string;
  readonly token: string;
}

/**
 * Where a list of bearer tokens comes from: the setting itself (`name:token,…`), or, when it is unset, the file its
 * `_FILE` setting names (by default the development tokens that tools/credentials/generate.sh writes at start).
 */
export type TokenSource =
  | { readonly setting: string; readonly kind: 'inline'; readonly entries: readonly TokenEntry[] }
  | { readonly setting: string; readonly kind: 'file'; readonly path: string };

/** Every generated development token starts with this; production mode refuses such tokens wherever they are. */
export const DEVELOPMENT_TOKEN_PREFIX = 'mpdev_';

const namePattern = /^[A-Za-z0-9._@-]{1,64}$/;
const tokenPattern = /^[\x21-\x2b\x2d-\x7e]{16,256}$/;

/**
 * `name:token` entries separated by commas or new lines (blank lines and `#` comments are skipped); `none` is an
 * empty list. Issues name an entry by its position, never its token: configuration errors are printed at start.
 */
export function parseTokenEntries(text: string): { entries: TokenEntry[]; issues: string[] } {
  const entries: TokenEntry[] = [];
  const issues: string[] = [];
  if (text.trim() === 'none') return { entries, issues };
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
  items.forEach((item, index) => {
    const colon = item.indexOf(':');
    const name = colon > 0 ? item.slice(0, colon) : '';
    const token = colon > 0 ? item.slice(colon + 1) : '';
    if (!namePattern.test(name) || !tokenPattern.test(token)) {
      issues.push(
        `entry ${index + 1} must be name:token (name: letters, digits, . _ @ -; token: 16 to 256 ` +
          'printable characters without commas or spaces)',
      );
      return;
    }
    entries.push({ name, token });
  });
  if (new Set(entries.map((entry) => entry.token)).size !== entries.length) {
    issues.push('two entries share one token');
  }
  return { entries, issues };
}

const inlineTokens = z
  .string()
  .optional()
  .transform((text, context) => {
    if (text === undefined) return undefined;
    const { entries, issues } = parseTokenEntries(text);
    for (const message of issues) context.addIssue({ code: 'custom', message });
    return entries;
  });

/** The two settings of one token list: `KEY` (inline) and `KEY_FILE` (used when KEY is unset). */
export const tokenShape = <K extends string>(key: K, defaultFile: string) =>
  ({ [key]: inlineTokens, [`${key}_FILE`]: filePath(defaultFile) }) as {
    [P in K]: typeof inlineTokens;
  } & { [P in `${K}_FILE`]: ReturnType<typeof filePath> };

export function toTokenSource(
  setting: string,
  inline: readonly TokenEntry[] | undefined,
  file: string,
): TokenSource {
  return inline === undefined
    ? { setting, kind: 'file', path: file }
    : { setting, kind: 'inline', entries: inline };
}

/** The entries of a token source; a file is read now (at start), and a missing or bad one names its setting. */
export function readTokenSource(source: TokenSource): readonly TokenEntry[] {
  if (source.kind === 'inline') return source.entries;
  const key = `${source.setting}_FILE`;
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (error) {
    throw new ConfigValidationError([
      {
        key,
        message:
          `cannot read ${source.path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); set ` +
          `${source.setting}, or run tools/credentials/generate.sh (npm start does) for development tokens`,
      },
    ]);
  }
  const { entries, issues } = parseTokenEntries(text);
  if (issues.length > 0)
    throw new ConfigValidationError(issues.map((message) => ({ key, message })));
  return entries;
}
