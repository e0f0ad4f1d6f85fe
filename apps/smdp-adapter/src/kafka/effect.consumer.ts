import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { KafkaJSError, type Kafka } from 'kafkajs';
import { SupervisedConsumer } from '@mp/event-log';
import { APP_LOGGER, KAFKA_CLIENT, ReadinessChecks, type AppLogger } from '@mp/platform';
import { CallAbandoned } from '../es2/smdp-call.executor';
import { SmdpGateway } from '../es2/smdp-gateway';
import { EffectProcessor } from './effect.processor';
import { InputPublisher } from './input.publisher';

/**
 * Consumes the effects topic (group `smdpAdapter`). Partitions run concurrently, records of one partition in
 * order (a purchase's CancelOrder never overtakes its ConfirmOrder). The offset is committed only after the
 * outcome record is acknowledged: a crash in between repeats the call with the same functionCallIdentifier.
 * Supervised like every consumer: it rides a broker restart out as the same group member, a crash it does not
 * survive is restarted, and readiness is red meanwhile.
 */
@Injectable()
export class EffectConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: SupervisedConsumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(InputPublisher) private readonly publisher: InputPublisher,
    @Inject(EffectProcessor) private readonly processor: EffectProcessor,
    @Inject(SmdpGateway) private readonly gateway: SmdpGateway,
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
  ) {
    this.consumer = new SupervisedConsumer({
      kafka,
      name: 'smdp-adapter',
      config: {
        groupId: publisher.names.groups.smdpAdapter,
        // The effects are written in the orchestrator's transactions and read committed. A fetch parked on the
        // broker is not always woken when a commit makes records visible (measured: about 1 commit in 12 was
        // read only after the whole wait, kafkajs' default 5 s); bounding the wait bounds that stall (ADR 0030).
        maxWaitTimeInMs: 50,
      },
      topics: [publisher.names.topics.purchaseEffects],
      logger,
      run: () => ({
        autoCommit: false,
        partitionsConsumedConcurrently: 6,
        eachMessage: async (payload) => {
          const { topic, partition, message } = payload;
          try {
            await this.processor.process(topic, partition, message, () => payload.heartbeat());
          } catch (error) {
            if (!(error instanceof CallAbandoned)) throw error;
            this.logger.warn(
              { topic, partition, offset: message.offset, reason: error.message },
              'ES2+ call abandoned unpublished; the next owner of the partition makes it again',
            );
            // kafkajs' own heartbeat error (a rebalance) makes it rejoin the group, as if it had failed itself; any
            // other abandonment (the adapter stopping) goes up as a kafkajs error too, which kafkajs does not log
            // again: it was said above.
            throw error.cause instanceof KafkaJSError
              ? error.cause
              : new KafkaJSError(error, { retriable: true });
          }
          await this.consumer.consumer?.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
        },
      }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('effectConsumer', () => this.consumer.report());
    await this.consumer.start();
    this.logger.info('consuming SM-DP+ effect requests');
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.unregister('effectConsumer');
    // Calls in flight give up first (unpublished, uncommitted), so disconnecting does not wait out a retry budget.
    this.gateway.stopping.abort();
    await this.consumer.stop();
  }
}
