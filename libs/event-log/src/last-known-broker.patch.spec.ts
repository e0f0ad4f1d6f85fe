import { keepLastKnownBrokers } from './last-known-broker.patch';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no broker pool
const BrokerPool = require('kafkajs/src/cluster/brokerPool.js') as new (options: object) => {
  brokers: Record<string, unknown>;
  seedBroker: unknown;
  metadataExpireAt: number | null;
  removeBroker(destination: { host: string; port: number }): void;
  getNodeIds(): string[];
};

const quiet = {
  namespace: () => quiet,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function poolOf(...ports: number[]) {
  const pool = new BrokerPool({ connectionPoolBuilder: {}, logger: quiet });
  for (const [nodeId, port] of ports.entries()) {
    pool.brokers[String(nodeId)] = { nodeId, connectionPool: { host: '127.0.0.1', port } };
  }
  pool.seedBroker = pool.brokers['0'];
  pool.metadataExpireAt = Date.now() + 60_000;
  return pool;
}

describe('keepLastKnownBrokers', () => {
  beforeAll(() => keepLastKnownBrokers());

  it('keeps the only broker whose connection closed, with the metadata marked stale, so fetching goes on retrying', () => {
    const pool = poolOf(9092);
    pool.removeBroker({ host: '127.0.0.1', port: 9092 });
    expect(pool.getNodeIds()).toEqual(['0']);
    expect(pool.metadataExpireAt).toBeNull();
  });

  it('still forgets one broker of several, as kafkajs does', () => {
    const pool = poolOf(9092, 9093);
    pool.removeBroker({ host: '127.0.0.1', port: 9093 });
    expect(pool.getNodeIds()).toEqual(['0']);
    pool.removeBroker({ host: '127.0.0.1', port: 9092 });
    expect(pool.getNodeIds()).toEqual(['0']);
  });
});
