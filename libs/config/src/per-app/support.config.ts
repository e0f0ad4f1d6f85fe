import { z } from 'zod';
import { boolean } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** A support user and the bearer token that authenticates them. */
export interface SupportCredential {
  readonly user: string;
  readonly token: string;
}

export interface SupportSettings {
  readonly credentials: readonly SupportCredential[];
  /** True while the built-in development credential is in use: the app warns at start. */
  readonly developmentCredential: boolean;
  /** The event index projector; off when an instance only serves the API over an index others keep. */
  readonly indexerEnabled: boolean;
}

/** Local default only, so that `npm start` gives a usable console; the app warns when it is in use. */
export const DEVELOPMENT_SUPPORT_CREDENTIAL = 'support:dev-support-token-change-me';

const userPattern = /^[A-Za-z0-9._@-]{1,64}$/;
const tokenPattern = /^[\x21-\x2b\x2d-\x7e]{16,256}$/;

// Messages name the entry by position, never its token: config errors are printed at start.
const credentialList = z
  .string()
  .default(DEVELOPMENT_SUPPORT_CREDENTIAL)
  .transform((text, context) => {
    const credentials: SupportCredential[] = [];
    text.split(',').forEach((entry, index) => {
      const trimmed = entry.trim();
      const colon = trimmed.indexOf(':');
      const user = colon > 0 ? trimmed.slice(0, colon) : '';
      const token = colon > 0 ? trimmed.slice(colon + 1) : '';
      if (!userPattern.test(user) || !tokenPattern.test(token)) {
        context.addIssue({
          code: 'custom',
          message:
            `entry ${index + 1} must be user:token (user: letters, digits, . _ @ -; token: 16 to 256 ` +
            'printable characters without commas or spaces)',
        });
        return;
      }
      credentials.push({ user, token });
    });
    if (new Set(credentials.map((credential) => credential.token)).size !== credentials.length) {
      context.addIssue({ code: 'custom', message: 'two users share one token' });
    }
    return credentials;
  });

export const loadSupportConfig = defineAppConfig({
  appName: 'support',
  portKey: 'SUPPORT_PORT',
  defaultPort: 3005,
  kafka: true,
  database: true,
  own: {
    shape: {
      SUPPORT_CREDENTIALS: credentialList,
      SUPPORT_INDEXER_ENABLED: boolean(true),
    },
    map: (env): { support: SupportSettings } => ({
      support: {
        credentials: env.SUPPORT_CREDENTIALS,
        developmentCredential: env.SUPPORT_CREDENTIALS.some(
          (credential) =>
            `${credential.user}:${credential.token}` === DEVELOPMENT_SUPPORT_CREDENTIAL,
        ),
        indexerEnabled: env.SUPPORT_INDEXER_ENABLED,
      },
    }),
  },
});

export type SupportConfig = ReturnType<typeof loadSupportConfig>;
