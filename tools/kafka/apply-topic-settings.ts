// Gives the existing topics of KAFKA_NAMESPACE the settings the apps create them with (ADR 0015): retention, cleanup
// policy, min.insync.replicas and unclean leader election (other overrides of those topics go back to the broker's
// defaults: AlterConfigs replaces them all). Start-up refuses a topic that would delete records it
// must keep and never changes one itself; this is the operator's deliberate step. Run: npm run kafka:topic-settings
import { loadPortalGatewayConfig } from '@mp/config';
import { createKafkaClient, KafkaClusterProbe, kafkaNames } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';

async function main(): Promise<void> {
  const config = loadPortalGatewayConfig();
  const kafka = config.kafka;
  const logger = createAppLogger({ appName: 'portal-gateway', logLevel: 'warn' });
  const probe = new KafkaClusterProbe(createKafkaClient(kafka, logger), kafka.brokers);
  const { specs } = kafkaNames(kafka.namespace, kafka.topicPartitions, {
    replicationFactor: kafka.replicationFactor,
    minInsyncReplicas: kafka.minInsyncReplicas,
  });
  try {
    await probe.check(kafka.startupTimeoutMs);
    const changed = await probe.applySettings(specs);
    await probe.checkRetention(specs.filter((spec) => changed.includes(spec.topic)));
    process.stdout.write(
      changed.length === 0
        ? 'no topic of this namespace exists yet; the apps create them with their settings\n'
        : `settings applied to ${changed.length} topics:\n${changed.map((topic) => `  ${topic}\n`).join('')}`,
    );
  } finally {
    await probe.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `kafka:topic-settings failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
