import type { ProgramExportsConfig } from '@mp/config';

export type Protocol = 'http' | 'https';

export interface WalledGardenHost {
  readonly host: string;
  readonly protocols: readonly Protocol[];
  /** Why it must be reachable without a balance. */
  readonly purpose: string;
  /** Where it comes from: the setting, or the Microsoft document. */
  readonly source: string;
}

export type WalledGardenExport =
  | { readonly ok: true; readonly hosts: readonly WalledGardenHost[] }
  /** The settings an export needs and does not have. */
  | { readonly ok: false; readonly missing: readonly string[] };

const CURRENT = 'Microsoft walled-garden list (2023-12)';
const SEED = 'Microsoft prepaid guide (seed 003)';

/**
 * The hosts Microsoft requires in the walled garden (mobile-plans.md section 9), as both documents list them: the
 * current list and the seed's older one differ, and a host allowed too many costs less than one missing, so the
 * export takes both (ADR 0019). Host names are case-insensitive and written in lower case.
 */
const MICROSOFT_HOSTS: readonly (readonly [string, readonly Protocol[], readonly string[]])[] = [
  ['ctldl.windowsupdate.com', ['http'], [CURRENT, SEED]],
  ['cdp1.public-trust.com', ['http'], [CURRENT, SEED]],
  ['ocsp.omniroot.com', ['http'], [CURRENT, SEED]],
  ['vassg142.ocsp.omniroot.com', ['http'], [CURRENT, SEED]],
  ['vassg142.crl.omniroot.com', ['http'], [CURRENT, SEED]],
  ['mscrl.microsoft.com', ['http'], [CURRENT, SEED]],
  ['crl.microsoft.com', ['http'], [CURRENT, SEED]],
  ['www.msftconnecttest.com', ['http'], [CURRENT]],
  ['msftconnecttest.com', ['http'], [SEED]],
  ['msftncsi.com', ['http'], [SEED]],
  ['crl3.digicert.com', ['http'], [CURRENT, SEED]],
  ['ocsp.digicert.com', ['http'], [CURRENT, SEED]],
  ['login.live.com', ['http', 'https'], [CURRENT, SEED]],
  ['storagetos.datamart.windows.com', ['http', 'https'], [CURRENT, SEED]],
  ['mps.datamart.windows.com', ['http', 'https'], [CURRENT]],
  ['staging.datamart.windows.com', ['http', 'https'], [CURRENT]],
  ['*smartscreen.microsoft.com', ['https'], [CURRENT]],
  ['service.datamart.windows.com', ['https'], [SEED]],
  ['dogfood.datamart.windows.com', ['https'], [SEED]],
  ['windows.policies.live.net', ['https'], [SEED]],
];

/**
 * The walled-garden host list: the operator's own hosts (the MO Direct portal and GetBalance must be inside it,
 * and so must whatever the portal's pages load), then Microsoft's. One row per host name.
 */
export function walledGardenExport(config: ProgramExportsConfig): WalledGardenExport {
  const missing = [
    ...(config.portalUrl === null ? ['MOBILE_PLANS_PORTAL_URL'] : []),
    ...(config.getBalanceUrl === null ? ['MOBILE_PLANS_GET_BALANCE_URL'] : []),
  ];
  if (config.portalUrl === null || config.getBalanceUrl === null) return { ok: false, missing };
  const rows = new Map<string, WalledGardenHost>();
  const add = (host: string, protocols: readonly Protocol[], purpose: string, source: string) => {
    const known = rows.get(host);
    rows.set(
      host,
      known === undefined
        ? { host, protocols, purpose, source }
        : {
            host,
            protocols: [...new Set([...known.protocols, ...protocols])].sort(),
            purpose: `${known.purpose}; ${purpose}`,
            source: `${known.source}; ${source}`,
          },
    );
  };
  add(hostOf(config.portalUrl), ['https'], 'MO Direct portal', 'MOBILE_PLANS_PORTAL_URL');
  if (config.notificationUrl !== null)
    add(
      hostOf(config.notificationUrl),
      ['https'],
      'portal callbacks (notification URI)',
      'MOBILE_PLANS_NOTIFICATION_URL',
    );
  add(hostOf(config.getBalanceUrl), ['https'], 'GetBalance', 'MOBILE_PLANS_GET_BALANCE_URL');
  for (const host of config.portalHosts)
    add(host, ['https'], 'needed by the portal', 'MOBILE_PLANS_PORTAL_HOSTS');
  for (const [host, protocols, sources] of MICROSOFT_HOSTS)
    add(host, protocols, 'required by Mobile Plans', sources.join(', '));
  return { ok: true, hosts: [...rows.values()] };
}

const hostOf = (url: string): string => new URL(url).hostname;
