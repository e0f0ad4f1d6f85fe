import { Counter, Gauge, register, type Metric } from 'prom-client';

// Several projections (and test instances) share one process: each metric is registered once, told apart by labels.
function once<T extends Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const projectionLag = once(
  'mobileplans_projection_lag_records',
  () =>
    new Gauge({
      name: 'mobileplans_projection_lag_records',
      help: 'Records of a partition not yet applied by a projection (high watermark minus its position).',
      labelNames: ['projection', 'group', 'topic', 'partition'],
    }),
);

export const projectionStalled = once(
  'mobileplans_projection_stalled',
  () =>
    new Gauge({
      name: 'mobileplans_projection_stalled',
      help: '1 while a projection cannot apply (database unavailable, consumer crashed or restarting), else 0.',
      labelNames: ['projection', 'group'],
    }),
);

export const projectionRejected = once(
  'mobileplans_projection_rejected_records_total',
  () =>
    new Counter({
      name: 'mobileplans_projection_rejected_records_total',
      help: 'Records a consumer could not use, kept as rejected with their reason, by code.',
      labelNames: ['projection', 'group', 'code'],
    }),
);

export const consumerRestarts = once(
  'mobileplans_consumer_restarts_total',
  () =>
    new Counter({
      name: 'mobileplans_consumer_restarts_total',
      help: 'Kafka consumers that crashed, by who restarted them (kafkajs itself, or the supervisor).',
      labelNames: ['consumer', 'group', 'by'],
    }),
);
