import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { resolve } from 'node:path';
import { repositoryRoot } from '../build-apps';

const certs = resolve(repositoryRoot, '.local/certs');
const read = (name: string): Buffer => readFileSync(resolve(certs, name));

/** The development client identities of D1, by certificate name under .local/certs. */
export type ClientIdentity =
  | 'microsoft-client'
  | 'microsoft-client-expired'
  | 'microsoft-client-wrong-subject'
  | 'rogue-client'
  | 'none';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: unknown;
}

/**
 * A GetBalance caller over real HTTPS: it trusts the operator's CA (the server certificate) and presents the named
 * client certificate. One keep-alive agent per identity, like Microsoft's service.
 */
export class BalanceClient {
  private readonly agents = new Map<ClientIdentity, Agent>();

  constructor(private readonly baseUrl: string) {}

  get(
    path: string,
    options: { identity?: ClientIdentity; headers?: Record<string, string | string[]> } = {},
  ): Promise<Answer> {
    const identity = options.identity ?? 'microsoft-client';
    const url = new URL(this.baseUrl);
    return new Promise((done, fail) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          headers: options.headers ?? {},
          agent: this.agent(identity),
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            done({ status: response.statusCode ?? 0, headers: response.headers, text, json });
          });
        },
      );
      outgoing.on('error', fail);
      outgoing.end();
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }

  private agent(identity: ClientIdentity): Agent {
    let agent = this.agents.get(identity);
    if (agent === undefined) {
      agent = new Agent({
        keepAlive: true,
        ca: read('operator-ca.crt'),
        ...(identity === 'none'
          ? {}
          : { cert: read(`${identity}.crt`), key: read(`${identity}.key`) }),
      });
      this.agents.set(identity, agent);
    }
    return agent;
  }
}
