import { existsSync, readFileSync } from 'node:fs';
import {
  DEVELOPMENT_SUPPORT_OPERATOR,
  filePath,
  parseTokenEntries,
  readEnvironment,
} from '@mp/config';
import { z } from 'zod';

/**
 * Where the CLI finds the support API, and who it is: flags win over SUPPORT_URL / SUPPORT_TOKEN; without a token,
 * the development operator's from the generated credentials (SUPPORT_CREDENTIALS_FILE), so that it works out of the
 * box beside `npm start`.
 */
export interface CliSettings {
  readonly url: string;
  readonly token: string | null;
}

const schema = z.object({
  SUPPORT_URL: z
    .url({ error: 'must be a URL such as http://127.0.0.1:3005' })
    .default('http://127.0.0.1:3005'),
  SUPPORT_TOKEN: z.string().min(1).optional(),
  SUPPORT_CREDENTIALS_FILE: filePath('.local/credentials/support-credentials'),
});

export function cliSettings(flags: { url?: string; token?: string }): CliSettings {
  const environment = readEnvironment();
  const parsed = schema.safeParse({
    SUPPORT_URL: flags.url ?? (environment.SUPPORT_URL || undefined),
    SUPPORT_TOKEN: flags.token ?? (environment.SUPPORT_TOKEN || undefined),
    SUPPORT_CREDENTIALS_FILE: environment.SUPPORT_CREDENTIALS_FILE || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'setting')}: ${issue?.message ?? 'invalid'}`);
  }
  return {
    url: parsed.data.SUPPORT_URL.replace(/\/+$/, ''),
    token:
      parsed.data.SUPPORT_TOKEN ?? developmentOperatorToken(parsed.data.SUPPORT_CREDENTIALS_FILE),
  };
}

function developmentOperatorToken(path: string): string | null {
  if (!existsSync(path)) return null;
  const { entries } = parseTokenEntries(readFileSync(path, 'utf8'));
  return entries.find((entry) => entry.name === DEVELOPMENT_SUPPORT_OPERATOR)?.token ?? null;
}
