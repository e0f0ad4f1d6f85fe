/** Start-up could not reach the Kafka cluster within its deadline. */
export class KafkaUnreachableError extends Error {
  readonly code = 'KAFKA_UNREACHABLE';

  constructor(
    readonly brokers: readonly string[],
    readonly waitedMs: number,
    override readonly cause: unknown,
  ) {
    super(
      `Kafka is unreachable at ${brokers.join(',')} after ${Math.round(waitedMs / 1000)}s: ` +
        (cause instanceof Error ? cause.message : String(cause)),
    );
    this.name = 'KafkaUnreachableError';
  }
}
