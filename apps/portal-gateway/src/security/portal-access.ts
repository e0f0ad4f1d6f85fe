import { ConfigValidationError, readTokenSource, type PortalGatewayConfig } from '@mp/config';
import {
  BearerTokens,
  ClientCertificateCheck,
  edgeAuthenticator,
  readHttpsOptions,
  type AccessPolicy,
  type HttpsOptions,
} from '@mp/platform';

/** What the gateway's routes require: a portal backend, by client certificate or bearer token. */
export const PORTAL_CLIENT = 'portal-client';

/** HTTPS asking for (not demanding) a client certificate; plain HTTP only in the development setting. */
export function portalHttps(config: PortalGatewayConfig): Promise<HttpsOptions | undefined> {
  const settings = config.portalGateway;
  if (settings.insecurePlainHttp) return Promise.resolve(undefined);
  return readHttpsOptions({
    certPath: settings.tls.certPath,
    keyPath: settings.tls.keyPath,
    clientCaPath: settings.certificateClients.length > 0 ? settings.tls.clientCaPath : null,
  });
}

export function portalAccess(config: PortalGatewayConfig): AccessPolicy {
  const settings = config.portalGateway;
  const entries = readTokenSource(settings.tokens);
  const certificates =
    !settings.insecurePlainHttp && settings.certificateClients.length > 0
      ? new ClientCertificateCheck(settings.certificateClients)
      : undefined;
  if (certificates === undefined && entries.length === 0) {
    throw new ConfigValidationError([
      {
        key: 'PORTAL_GATEWAY_CLIENT_TOKENS',
        message: 'no portal client could call the gateway: configure tokens or client certificates',
      },
    ]);
  }
  return {
    [PORTAL_CLIENT]: edgeAuthenticator({
      ...(certificates ? { certificates } : {}),
      ...(entries.length > 0 ? { tokens: new BearerTokens(entries) } : {}),
      realm: 'portal',
    }),
  };
}
