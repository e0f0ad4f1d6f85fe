import { toTokenSource, tokenShape, type TokenSource } from '../credentials.settings';
import {
  developmentPki,
  developmentTokens,
  type DevelopmentDefault,
} from '../development-defaults';
import { boolean, certificateClients, filePath, type CertificateClient } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** Who may call the portal gateway, and how (docs/security.md, ADR 0016). */
export interface PortalGatewaySettings {
  /** Development only: plain HTTP, so bearer tokens only (no client certificates). */
  readonly insecurePlainHttp: boolean;
  readonly tls: {
    readonly certPath: string;
    readonly keyPath: string;
    /** The CA that portal backends' client certificates must chain to. */
    readonly clientCaPath: string;
  };
  /** Portal backends that authenticate with a client certificate: a name per allowed subject. */
  readonly certificateClients: readonly CertificateClient[];
  /** Portal backends that authenticate with a bearer token (for those that cannot do mTLS). */
  readonly tokens: TokenSource;
}

export const DEFAULT_PORTAL_CERTIFICATE_CLIENTS = 'portal-dev:CN=portal-dev';

export const loadPortalGatewayConfig = defineAppConfig({
  appName: 'portal-gateway',
  portKey: 'PORTAL_GATEWAY_PORT',
  defaultPort: 3000,
  kafka: true,
  database: true,
  own: {
    shape: {
      PORTAL_GATEWAY_INSECURE_PLAIN_HTTP: boolean(false),
      PORTAL_GATEWAY_TLS_CERT: filePath('.local/certs/portal-gateway.crt'),
      PORTAL_GATEWAY_TLS_KEY: filePath('.local/certs/portal-gateway.key'),
      PORTAL_GATEWAY_CLIENT_CA: filePath('.local/certs/operator-ca.crt'),
      PORTAL_GATEWAY_CLIENT_CERTIFICATES: certificateClients(DEFAULT_PORTAL_CERTIFICATE_CLIENTS),
      ...tokenShape('PORTAL_GATEWAY_CLIENT_TOKENS', '.local/credentials/portal-client-tokens'),
    },
    map: (env): { portalGateway: PortalGatewaySettings } => ({
      portalGateway: {
        insecurePlainHttp: env.PORTAL_GATEWAY_INSECURE_PLAIN_HTTP,
        tls: {
          certPath: env.PORTAL_GATEWAY_TLS_CERT,
          keyPath: env.PORTAL_GATEWAY_TLS_KEY,
          clientCaPath: env.PORTAL_GATEWAY_CLIENT_CA,
        },
        certificateClients: env.PORTAL_GATEWAY_CLIENT_CERTIFICATES,
        tokens: toTokenSource(
          'PORTAL_GATEWAY_CLIENT_TOKENS',
          env.PORTAL_GATEWAY_CLIENT_TOKENS,
          env.PORTAL_GATEWAY_CLIENT_TOKENS_FILE,
        ),
      },
    }),
  },
  developmentDefaults: ({ portalGateway: settings }): DevelopmentDefault[] => [
    ...(settings.insecurePlainHttp
      ? [{ setting: 'PORTAL_GATEWAY_INSECURE_PLAIN_HTTP', what: 'the portal API over plain HTTP' }]
      : developmentPki({
          PORTAL_GATEWAY_TLS_CERT: settings.tls.certPath,
          PORTAL_GATEWAY_TLS_KEY: settings.tls.keyPath,
          ...(settings.certificateClients.length > 0
            ? { PORTAL_GATEWAY_CLIENT_CA: settings.tls.clientCaPath }
            : {}),
        })),
    ...(settings.certificateClients.some((client) => client.subject.CN === 'portal-dev')
      ? [
          {
            setting: 'PORTAL_GATEWAY_CLIENT_CERTIFICATES',
            what: 'the development portal client (CN=portal-dev)',
          },
        ]
      : []),
    ...developmentTokens(settings.tokens, 'portal client tokens'),
  ],
});

export type PortalGatewayConfig = ReturnType<typeof loadPortalGatewayConfig>;
