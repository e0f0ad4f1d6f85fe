import { Counter, Gauge, Histogram, register } from 'prom-client';

// Metrics are process-wide: several orchestrators in one process (tests) share them.
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const orchestratorMetrics = {
  inputs: metric(
    'mobileplans_orchestrator_inputs_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_inputs_total',
        help: 'Input records and timer fires by outcome.',
        labelNames: ['outcome'],
      }),
  ),
  transitions: metric(
    'mobileplans_orchestrator_transitions_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_transitions_total',
        help: 'Purchase events appended (state transitions), committed.',
      }),
  ),
  timerLateness: metric(
    'mobileplans_orchestrator_timer_lateness_seconds',
    () =>
      new Histogram({
        name: 'mobileplans_orchestrator_timer_lateness_seconds',
        help: 'How late a durable timer fired after its due time.',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
      }),
  ),
  alerts: metric(
    'mobileplans_orchestrator_alerts_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_alerts_total',
        help: 'AlertOperations effects committed, by kind (purchaseUnconfirmed, connectivityOverdue, lpaError).',
        labelNames: ['alert'],
      }),
  ),
  parked: metric(
    'mobileplans_orchestrator_parked_purchases',
    () =>
      new Gauge({
        name: 'mobileplans_orchestrator_parked_purchases',
        help: 'Purchases parked after an input kept failing (G7).',
      }),
  ),
  stateCaughtUp: metric(
    'mobileplans_orchestrator_state_caught_up',
    () =>
      new Gauge({
        name: 'mobileplans_orchestrator_state_caught_up',
        help: '1 once the ICCID index has read every partition of the changelog up to its end at start, else 0 (its lag: mobileplans_projection_lag_records{projection="orchestrator-state"}).',
      }),
  ),
  iccidIndexWait: metric(
    'mobileplans_orchestrator_iccid_index_wait_seconds',
    () =>
      new Histogram({
        name: 'mobileplans_orchestrator_iccid_index_wait_seconds',
        help: 'How long inputs addressed by ICCID waited for the state to catch up after a start.',
        buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
      }),
  ),
  livePurchases: metric(
    'mobileplans_orchestrator_live_purchases',
    () =>
      new Gauge({
        name: 'mobileplans_orchestrator_live_purchases',
        help: 'Purchases held in memory: the live purchases of the partitions this process owns (ADR 0032).',
      }),
  ),
  restores: metric(
    'mobileplans_orchestrator_partition_restores_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_partition_restores_total',
        help: 'Claimed partitions restored, by where from: the changelog, or a fold of the log (ADR 0032).',
        labelNames: ['from'],
      }),
  ),
  evicted: metric(
    'mobileplans_orchestrator_evicted_purchases_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_evicted_purchases_total',
        help: 'Ended purchases evicted from memory to PostgreSQL.',
      }),
  ),
  loaded: metric(
    'mobileplans_orchestrator_loaded_purchases_total',
    () =>
      new Counter({
        name: 'mobileplans_orchestrator_loaded_purchases_total',
        help: 'Evicted purchases loaded back from PostgreSQL for a late input.',
      }),
  ),
  ownedPartitions: metric(
    'mobileplans_orchestrator_owned_partitions',
    () =>
      new Gauge({
        name: 'mobileplans_orchestrator_owned_partitions',
        help: 'Partitions this process has claimed.',
      }),
  ),
};

/** A bounded label for an alert code: LPA codes carry the device's status name, which is not ours to count by. */
export function alertKind(code: string): string {
  if (code === 'PURCHASE_UNCONFIRMED') return 'purchaseUnconfirmed';
  if (code === 'CONNECTIVITY_OVERDUE') return 'connectivityOverdue';
  return code.startsWith('LPA_') ? 'lpaError' : 'other';
}
