import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from './build-apps';
import { freePort } from './free-port';

/** A broker of this test's own (never the shared one on 9092), started by tools/kafka/broker.sh. */
export interface PrivateBroker {
  /** PLAINTEXT: unauthenticated, a super user when ACLs are on (set-up only). */
  readonly plaintext: string;
  readonly ports: Readonly<Record<'plaintext' | 'controller' | 'saslSsl' | 'ssl', number>>;
  /** Sends the broker process a signal (SIGKILL: a crash), by the pid broker.sh recorded. */
  signal(signal: NodeJS.Signals): void;
  /** Starts it again on the same data and ports, and waits until it serves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const script = resolve(repositoryRoot, 'tools/kafka/broker.sh');

function run(command: 'start' | 'stop', env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    execFile('bash', [script, command], { env: { ...process.env, ...env } }, (error, _out, err) =>
      error ? fail(new Error(`broker.sh ${command} failed: ${err.slice(-2000)}`)) : done(),
    );
  });
}

/**
 * Formats and starts a broker under .local/<name> on free ports, with the secured listeners broker.sh offers
 * (`KAFKA_LOCAL_SASL_SSL_PORT`, `KAFKA_LOCAL_SSL_PORT`) when `secured`; its data is removed again by `stop`.
 * The jars are kept in .local/kafka-libs for the next run.
 */
export async function startPrivateBroker(
  name: string,
  options: { secured?: boolean; env?: Record<string, string> } = {},
): Promise<PrivateBroker> {
  const dir = resolve(repositoryRoot, '.local', name);
  rmSync(dir, { recursive: true, force: true });
  const ports = {
    plaintext: await freePort(),
    controller: await freePort(),
    saslSsl: await freePort(),
    ssl: await freePort(),
  };
  const env = {
    KAFKA_LOCAL_DIR: dir,
    KAFKA_LOCAL_LIBS: resolve(repositoryRoot, '.local/kafka-libs'),
    KAFKA_LOCAL_PORT: String(ports.plaintext),
    KAFKA_LOCAL_CONTROLLER_PORT: String(ports.controller),
    ...(options.secured
      ? {
          KAFKA_LOCAL_SASL_SSL_PORT: String(ports.saslSsl),
          KAFKA_LOCAL_SSL_PORT: String(ports.ssl),
        }
      : {}),
    ...options.env,
  };
  try {
    await run('start', env);
  } catch (error) {
    // A broker that started but never became ready is still ours to stop.
    await run('stop', env).catch(() => undefined);
    throw error;
  }
  return {
    plaintext: `127.0.0.1:${ports.plaintext}`,
    ports,
    signal: (signal) =>
      process.kill(Number(readFileSync(resolve(dir, 'broker.pid'), 'utf8')), signal),
    restart: () => run('start', env),
    stop: async () => {
      await run('stop', env);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
