import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTokenEntries } from '@mp/config';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { repositoryRoot } from './build-apps';

// How tests call our edges now that every one authenticates (docs/security.md): with the development credentials
// that tools/certs and tools/credentials generate under .local/ (the global setup runs them).

export const certsDir = resolve(repositoryRoot, '.local/certs');
const credentialsDir = resolve(repositoryRoot, '.local/credentials');

/** Client certificates under .local/certs, by name. */
export type ClientIdentity =
  | 'portal-client'
  | 'smdp-notification-client'
  | 'smdp-client'
  | 'microsoft-client'
  | 'kafka-client'
  | 'rogue-client';

type TokenFile = 'portal-client-tokens' | 'support-credentials' | 'simulator-admin-tokens';

/** The generated development token of `name` (tools/credentials/generate.sh). */
export function developmentToken(file: TokenFile, name: string): string {
  const { entries } = parseTokenEntries(readFileSync(resolve(credentialsDir, file), 'utf8'));
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no ${name} in .local/credentials/${file}`);
  return entry.token;
}

export const developmentTokens = {
  portal: () => developmentToken('portal-client-tokens', 'portal-dev'),
  supportOperator: () => developmentToken('support-credentials', 'support-operator'),
  supportViewer: () => developmentToken('support-credentials', 'support-viewer'),
  simulatorAdmin: () => developmentToken('simulator-admin-tokens', 'simulator-admin'),
};

export interface Credential {
  /** A client certificate to present. */
  readonly identity?: ClientIdentity;
  /** A bearer token to send. */
  readonly token?: string;
}

/**
 * The development credential each of our edges takes, by path: what `edgeFetch` sends unless told otherwise. A
 * new edge adds its line here, and every helper built on edgeFetch authenticates to it.
 */
export function developmentCredentialFor(url: string): Credential {
  const path = new URL(url).pathname;
  if (/^\/v1\/(portal-events|usage-events|balance-adjustments|purchases)(\/|$)/.test(path))
    return { token: developmentTokens.portal() };
  if (path === '/gsma/rsp2/es2plus/handleDownloadProgressInfo')
    return { identity: 'smdp-notification-client' };
  if (path.startsWith('/gsma/rsp2/es2plus/')) return { identity: 'smdp-client' };
  if (/^\/simulator(\/|$)/.test(path)) return { token: developmentTokens.simulatorAdmin() };
  if (path.startsWith('/v1/support/')) return { token: developmentTokens.supportOperator() };
  if (path.startsWith('/v1/sims/')) return { identity: 'microsoft-client' };
  return {};
}

const agents = new Map<string, Agent>();
const read = (name: string): Buffer => readFileSync(resolve(certsDir, name));

/** Trusts the operator CA (every server certificate of ours but the SM-DP+ simulator's) and the SM-DP+ CA. */
function agentFor(identity: ClientIdentity | undefined): Agent {
  const key = identity ?? 'none';
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({
      connect: {
        ca: [read('operator-ca.crt'), read('smdp-ca.crt')],
        ...(identity === undefined
          ? {}
          : { cert: read(`${identity}.crt`), key: read(`${identity}.key`) }),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

export interface EdgeRequestInit extends Omit<RequestInit, 'dispatcher'> {
  /** Instead of the development credential for the URL; `{}` sends none. */
  readonly credential?: Credential;
}

/** Where a simulator started before the adapter sends its notifications (the adapter's port, over HTTPS). */
export const notificationUrl = (adapterPort: number): string =>
  `https://127.0.0.1:${adapterPort}/gsma/rsp2/es2plus/handleDownloadProgressInfo`;

/** fetch towards one of our listeners (http or https), with the development credential its path takes. */
export function edgeFetch(url: string, init: EdgeRequestInit = {}): Promise<Response> {
  const { credential = developmentCredentialFor(url), headers, ...rest } = init;
  return fetch(url, {
    ...rest,
    headers: {
      ...(headers as Record<string, string> | undefined),
      ...(credential.token === undefined ? {} : { authorization: `Bearer ${credential.token}` }),
    },
    dispatcher: agentFor(credential.identity),
  });
}
