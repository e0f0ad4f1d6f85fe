import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { APP_LOGGER, KAFKA_CLIENT, type AppLogger } from '@mp/platform';
import { SmdpGateway } from '../es2/smdp-gateway';
import { EffectProcessor } from './effect.processor';
import { InputPublisher } from './input.publisher';

/**
 * Consumes the effects topic (group `smdpAdapter`). Partitions run concurrently, records of one partition in
 * order (a purchase's CancelOrder never overtakes its ConfirmOrder). The offset is committed only after the
 * outcome record is acknowledged: a crash in between repeats the call with the same functionCallIdentifier.
 */
@Injectable()
export class EffectConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: Consumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(InputPublisher) private readonly publisher: InputPublisher,
    @Inject(EffectProcessor) private readonly processor: EffectProcessor,
    @Inject(SmdpGateway) private readonly gateway: SmdpGateway,
  ) {
    this.consumer = kafka.consumer({ groupId: publisher.names.groups.smdpAdapter });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: this.publisher.names.topics.purchaseEffects,
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachMessage: async (payload) => {
        const { topic, partition, message } = payload;
        await this.processor.process(topic, partition, message, () => payload.heartbeat());
        await this.consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    this.logger.info('consuming SM-DP+ effect requests');
  }

  async onModuleDestroy(): Promise<void> {
    // Calls in flight give up first (unpublished, uncommitted), so disconnecting does not wait out a retry budget.
    this.gateway.stopping.abort();
    await this.consumer.disconnect().catch(() => undefined);
  }
}
