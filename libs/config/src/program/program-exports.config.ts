import { isIP } from 'node:net';
import { z } from 'zod';
import type { SimRangeConfig } from '@mp/sim';
import type { Environment } from '../environment.source';
import { loadConfig } from '../load-config';
import { iccidRangeShape, ranges } from '../per-app/balance-api.config';

/**
 * What the operator hands to the Mobile Plans program (mobile-plans.md sections 2, 9 and 10), read from the same
 * settings the apps use: the COSA and program ICCID ranges of GetBalance, and the public addresses Windows users
 * and Microsoft's service reach. The addresses are used by no app, only by the export commands, so they have no
 * local default: an export needs them set.
 */
export interface ProgramExportsConfig {
  readonly ranges: SimRangeConfig;
  /** The MO Direct portal URI of the service configuration (https, no port). */
  readonly portalUrl: string | null;
  /** The notification URI: the host the portal's JavaScript callbacks run from (https, no port). */
  readonly notificationUrl: string | null;
  /** GetBalance's public base URL (moBaseUrl), as Microsoft's service calls it. */
  readonly getBalanceUrl: string | null;
  /** Further hosts the portal's pages need (payment, identity, static assets). */
  readonly portalHosts: readonly string[];
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (the walled garden allowlists names, never IP addresses). */
function hostProblem(host: string): string | null {
  if (host.length > 253) return 'must be at most 253 characters';
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return 'must be a host name, not an IP address';
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((label) => HOST_LABEL.test(label)))
    return 'must be a host name such as portal.operator.com';
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) return 'must be a host name, not an IP address';
  return null;
}

const publicUrl = (portAllowed: boolean) =>
  z
    .string()
    .max(2048)
    .optional()
    .transform((text, context) => {
      if (text === undefined) return null;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be an https:// URL' });
        return z.NEVER;
      }
      const problem =
        url.protocol !== 'https:'
          ? 'must be an https:// URL'
          : url.username !== '' || url.password !== ''
            ? 'must not carry credentials'
            : !portAllowed && url.port !== ''
              ? 'must not name a port (the program configuration refuses port numbers)'
              : hostProblem(url.hostname);
      if (problem !== null) {
        context.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return url.toString();
    });

const hostList = z
  .string()
  .optional()
  .transform((text, context) => {
    const hosts = (text ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== '');
    if (hosts.length > 100) {
      context.addIssue({ code: 'custom', message: 'must list at most 100 hosts' });
      return z.NEVER;
    }
    for (const [index, host] of hosts.entries()) {
      // `*.cdn.example.com` allows every host under it, as Microsoft's own list does.
      const problem = hostProblem(host.replace(/^\*\./, ''));
      if (problem !== null) {
        context.addIssue({ code: 'custom', message: `entry ${index + 1} ${problem}` });
        return z.NEVER;
      }
    }
    return [...new Set(hosts)];
  });

const schema = z.object({
  ...iccidRangeShape,
  MOBILE_PLANS_PORTAL_URL: publicUrl(false),
  MOBILE_PLANS_NOTIFICATION_URL: publicUrl(false),
  MOBILE_PLANS_GET_BALANCE_URL: publicUrl(true),
  MOBILE_PLANS_PORTAL_HOSTS: hostList,
});

export function loadProgramExportsConfig(environment?: Environment): ProgramExportsConfig {
  const env = loadConfig(schema, environment);
  return {
    ranges: ranges(env.BALANCE_API_COSA_ICCID_RANGES, env.BALANCE_API_PROGRAM_ICCID_RANGES),
    portalUrl: env.MOBILE_PLANS_PORTAL_URL,
    notificationUrl: env.MOBILE_PLANS_NOTIFICATION_URL,
    getBalanceUrl: env.MOBILE_PLANS_GET_BALANCE_URL,
    portalHosts: env.MOBILE_PLANS_PORTAL_HOSTS,
  };
}
