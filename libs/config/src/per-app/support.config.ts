import { z } from 'zod';
import { toTokenSource, tokenShape, type TokenSource } from '../credentials.settings';
import { developmentTokens, isDevelopmentTokenSource } from '../development-defaults';
import { boolean } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

export const SUPPORT_ROLES = ['read', 'operator'] as const;
export type SupportRole = (typeof SUPPORT_ROLES)[number];

export interface SupportSettings {
  /** Support users and their bearer tokens (`user:token`, the format SUPPORT_CREDENTIALS always had). */
  readonly credentials: TokenSource;
  /** Users with the operator role (redrive, index rebuild); everyone else may only read. */
  readonly operators: readonly string[];
  /** The event index projector; off when an instance only serves the API over an index others keep. */
  readonly indexerEnabled: boolean;
}

/** The generated development operator (tools/credentials/generate.sh); its twin support-viewer only reads. */
export const DEVELOPMENT_SUPPORT_OPERATOR = 'support-operator';

const userList = z
  .string()
  .optional()
  .transform((text) =>
    text
      ?.split(',')
      .map((user) => user.trim())
      .filter((user) => user !== ''),
  )
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must list user names')).optional());

export const loadSupportConfig = defineAppConfig({
  appName: 'support',
  portKey: 'SUPPORT_PORT',
  defaultPort: 3005,
  kafka: true,
  database: true,
  own: {
    shape: {
      ...tokenShape('SUPPORT_CREDENTIALS', '.local/credentials/support-credentials'),
      SUPPORT_OPERATORS: userList,
      SUPPORT_INDEXER_ENABLED: boolean(true),
    },
    map: (env): { support: SupportSettings } => {
      const credentials = toTokenSource(
        'SUPPORT_CREDENTIALS',
        env.SUPPORT_CREDENTIALS,
        env.SUPPORT_CREDENTIALS_FILE,
      );
      return {
        support: {
          credentials,
          // Read-only unless named: a SUPPORT_CREDENTIALS from before roles existed gives no one operator rights.
          operators:
            env.SUPPORT_OPERATORS ??
            (credentials.kind === 'file' && isDevelopmentTokenSource(credentials)
              ? [DEVELOPMENT_SUPPORT_OPERATOR]
              : []),
          indexerEnabled: env.SUPPORT_INDEXER_ENABLED,
        },
      };
    },
  },
  developmentDefaults: ({ support }) => developmentTokens(support.credentials, 'support tokens'),
});

export type SupportConfig = ReturnType<typeof loadSupportConfig>;
