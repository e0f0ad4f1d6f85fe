/**
 * Start-up found topics that cannot keep what they must (ADR 0015): an existing topic whose settings would delete
 * records the system needs forever, or a replication the cluster cannot give. Retrying cannot help; the operator
 * changes the topic (or the setting) and starts again. The message is one line.
 */
export class TopicSettingsError extends Error {
  readonly code = 'KAFKA_TOPIC_SETTINGS';

  constructor(readonly problems: readonly string[]) {
    super(
      `Topics would delete records they must keep (docs/adr/0015): ${problems.join('; ')}. ` +
        'Give them their settings with `npm run kafka:topic-settings`, or change them by hand',
    );
    this.name = 'TopicSettingsError';
  }
}
