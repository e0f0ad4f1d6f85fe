import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';

// Several adapters may share one process (tests, or the launcher with another instance): register each metric
// once and tell instances apart by the `smdp` label.
function once<T extends Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const smdpCalls = once(
  'mobileplans_smdp_calls_total',
  () =>
    new Counter({
      name: 'mobileplans_smdp_calls_total',
      help: 'ES2+ calls by final outcome (succeeded, failed, unavailable).',
      labelNames: ['smdp', 'function', 'outcome'],
    }),
);

export const smdpAttempts = once(
  'mobileplans_smdp_attempts_total',
  () =>
    new Counter({
      name: 'mobileplans_smdp_attempts_total',
      help: 'HTTP attempts of ES2+ calls by result (answered, transport, timeout, circuitOpen).',
      labelNames: ['smdp', 'function', 'result'],
    }),
);

export const smdpCallSeconds = once(
  'mobileplans_smdp_call_duration_seconds',
  () =>
    new Histogram({
      name: 'mobileplans_smdp_call_duration_seconds',
      help: 'Time from the first attempt of an ES2+ call to its outcome, retries included.',
      labelNames: ['smdp', 'function'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
);

export const smdpCircuitState = once(
  'mobileplans_smdp_circuit_state',
  () =>
    new Gauge({
      name: 'mobileplans_smdp_circuit_state',
      help: 'Circuit breaker towards the SM-DP+: 0 closed, 1 open, 2 half-open, 3 isolated.',
      labelNames: ['smdp'],
    }),
);

export const smdpNotifications = once(
  'mobileplans_smdp_notifications_total',
  () =>
    new Counter({
      name: 'mobileplans_smdp_notifications_total',
      help: 'HandleDownloadProgressInfo notifications by result (accepted, refused).',
      labelNames: ['result'],
    }),
);

export const smdpRejectedEffects = once(
  'mobileplans_smdp_rejected_effects_total',
  () =>
    new Counter({
      name: 'mobileplans_smdp_rejected_effects_total',
      help: 'Effect records the adapter could not carry out, recorded on the rejected-records topic.',
      labelNames: ['code'],
    }),
);
