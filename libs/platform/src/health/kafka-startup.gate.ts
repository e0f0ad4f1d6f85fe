import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig, KafkaSection } from '@mp/config';
import { KafkaClusterProbe, type KafkaNames } from '@mp/event-log';
import { APP_CONFIG, KAFKA_NAMES } from '../platform.tokens';

/**
 * Start-up waits for the cluster, bounded by KAFKA_STARTUP_TIMEOUT_MS, and creates the topics with their settings;
 * when the cluster stays unreachable, start-up fails with a KafkaUnreachableError instead of hanging, when topics
 * keyed by transactionId disagree on their partition count with a TopicLayoutError, and when an existing topic would
 * delete records it must keep with a TopicSettingsError.
 */
@Injectable()
export class KafkaStartupGate implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig & KafkaSection,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    @Inject(KafkaClusterProbe) private readonly probe: KafkaClusterProbe,
  ) {}

  async onModuleInit(): Promise<void> {
    const { names } = this;
    await this.probe.awaitCluster(
      this.config.kafka.startupTimeoutMs,
      names.specs,
      names.coPartitioned,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.probe.close();
  }
}
