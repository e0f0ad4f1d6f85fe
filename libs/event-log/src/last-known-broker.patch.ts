/**
 * kafkajs 2.2.4 forgets a broker whose connection closed under a fetch (`removeBroker`), expecting the next metadata
 * refresh to bring it back. With a single broker, or every broker gone at once, that leaves it knowing none while
 * they are away, and its fetch manager then throws `KafkaJSNoBrokerAvailableError`, which the consumer's runner does
 * not retry: the consumer crashes, kafkajs starts it again as a new group member, and that member waits out the old
 * one's session before it gets partitions back (ADR 0029). Seen once in six SIGKILLs of a private broker under a plain
 * kafkajs consumer with `outlastingRetry` (2026-12-03): it depends on a fetch being in flight when the broker dies.
 *
 * The last brokers known are kept instead, with the metadata marked stale as kafkajs does: requests to them fail to
 * connect while they are away, which the runner retries like any connection error (`outlastingRetry`), and the next
 * refresh replaces them. Removing one broker of several is kafkajs's own.
 */
interface KnownBroker {
  readonly connectionPool: { readonly host: string; readonly port: number };
}

interface BrokerPoolPrototype {
  removeBroker(
    this: { brokers: Record<string, KnownBroker>; metadataExpireAt: number | null },
    destination: { host: string; port: number },
  ): void;
}

let installed = false;

export function keepLastKnownBrokers(): void {
  if (installed) return;
  installed = true;
  // kafkajs exports no broker pool: its module is required by path (kafkajs is pinned at 2.2.4).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prototype } = require('kafkajs/src/cluster/brokerPool.js') as {
    prototype: BrokerPoolPrototype;
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each pool as `this`
  const remove = prototype.removeBroker;
  prototype.removeBroker = function (destination) {
    const known = Object.values(this.brokers);
    const others = known.filter(
      ({ connectionPool }) =>
        connectionPool.host !== destination.host || connectionPool.port !== destination.port,
    );
    if (known.length > 0 && others.length === 0) {
      this.metadataExpireAt = null;
      return;
    }
    remove.call(this, destination);
  };
}
