import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { purchaseEffectRecordSchema, type RoutedInputRecord } from '@mp/contracts';
import { Headers, kafkaNames, idempotentProducerOptions } from '@mp/event-log';
import { APP_CONFIG, APP_LOGGER, KAFKA_CLIENT, type AppLogger } from '@mp/platform';
import { type SmdpSimulatorConfig } from '../simulator.state';

/**
 * Stands in for the operator's network: each ProvisionConnectivity effect is answered, after a short delay, with a
 * `connectivityResult` input (provisioned), so the asyncConnectivity flow completes locally. The input id derives
 * from the effect id, so a redelivered effect gives an input the orchestrator recognises as a duplicate.
 */
@Injectable()
export class ConnectivityStandIn implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private readonly names;

  constructor(
    @Inject(APP_CONFIG) private readonly config: SmdpSimulatorConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {
    this.names = kafkaNames(config.kafka?.namespace ?? '');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.smdpSimulator.connectivity.enabled) return;
    this.producer = this.kafka.producer(idempotentProducerOptions);
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: this.names.groups.connectivity });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: this.names.topics.purchaseEffects,
      fromBeginning: true,
    });
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: ({ message }) => this.handle(message),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async handle(message: KafkaMessage): Promise<void> {
    const type = message.headers?.[Headers.effectType]?.toString();
    if (type !== undefined && type !== 'ProvisionConnectivity') return;
    const record = parse(message.value);
    if (record === undefined || record.effect.type !== 'ProvisionConnectivity') {
      if (type !== undefined) this.logger.warn('unreadable ProvisionConnectivity effect skipped');
      return;
    }
    const delayMs = this.config.smdpSimulator.connectivity.delayMs;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const input: RoutedInputRecord = {
      kind: 'input',
      address: { transactionId: record.transactionId },
      input: {
        kind: 'connectivityResult',
        id: `connectivity:${record.effectId}`,
        at: new Date().toISOString(),
        iccid: record.effect.iccid,
        outcome: 'provisioned',
      },
    };
    await this.producer?.send({
      topic: this.names.topics.purchaseInputs,
      acks: -1,
      messages: [{ key: record.transactionId, value: JSON.stringify(input) }],
    });
    this.logger.info(
      { transactionId: record.transactionId },
      'connectivity provisioned (simulated)',
    );
  }
}

function parse(value: Buffer | null) {
  if (value === null) return undefined;
  try {
    const result = purchaseEffectRecordSchema.safeParse(JSON.parse(value.toString('utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
