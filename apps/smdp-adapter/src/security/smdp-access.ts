import {
  ClientCertificateCheck,
  edgeAuthenticator,
  readHttpsOptions,
  type AccessPolicy,
  type HttpsOptions,
} from '@mp/platform';
import { type SmdpAdapterConfig } from '../adapter.config';

/** What the notification route requires: the SM-DP+, by its client certificate. */
export const SMDP_NOTIFIER = 'smdp-notifier';

/** The app's port serves HTTPS and asks for the SM-DP+'s certificate; plain HTTP in the development setting only. */
export function adapterHttps(config: SmdpAdapterConfig): Promise<HttpsOptions | undefined> {
  const settings = config.smdpAdapter.notifications;
  if (settings.insecurePlainHttp) return Promise.resolve(undefined);
  return readHttpsOptions({
    certPath: settings.certPath,
    keyPath: settings.keyPath,
    clientCaPath: settings.clientCaPath,
  });
}

export function adapterAccess(config: SmdpAdapterConfig): AccessPolicy {
  const settings = config.smdpAdapter.notifications;
  return {
    [SMDP_NOTIFIER]: settings.insecurePlainHttp
      ? // SMDP_ADAPTER_INSECURE_PLAIN_HTTP (development only): no certificate can be asked for; the
        // functionRequesterIdentifier check still applies.
        () => ({
          ok: true,
          caller: { name: 'plain-http', credential: 'certificate', roles: [] },
        })
      : edgeAuthenticator({
          certificates: new ClientCertificateCheck(settings.clients),
          realm: 'SM-DP+',
        }),
  };
}
