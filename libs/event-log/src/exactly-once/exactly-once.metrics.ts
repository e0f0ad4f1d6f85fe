import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';

// Several processors (and test instances) share one process: each metric is registered once, told apart by group.
function once<T extends Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const claimSeconds = once(
  'mobileplans_exactly_once_claim_seconds',
  () =>
    new Histogram({
      name: 'mobileplans_exactly_once_claim_seconds',
      help: 'From a partition assigned (or a failed transaction) to its claim complete: fenced, rewound, state caught up.',
      labelNames: ['group'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    }),
);

export const unclaimedPartitions = once(
  'mobileplans_exactly_once_unclaimed_partitions',
  () =>
    new Gauge({
      name: 'mobileplans_exactly_once_unclaimed_partitions',
      help: 'Partitions assigned to this process whose claim has not completed: nothing is decided on them (a stall while it stays above 0).',
      labelNames: ['group'],
    }),
);

export const failedTransactions = once(
  'mobileplans_exactly_once_failed_transactions_total',
  () =>
    new Counter({
      name: 'mobileplans_exactly_once_failed_transactions_total',
      help: 'Transactions that failed, by kind: retriable (the partition is claimed again) or refused (records too large).',
      labelNames: ['group', 'kind'],
    }),
);

export const refusedRecords = once(
  'mobileplans_exactly_once_refused_records_total',
  () =>
    new Counter({
      name: 'mobileplans_exactly_once_refused_records_total',
      help: 'Input records whose decision the broker refused on its own; handed to the handler (parked), or, when even that was refused, skipped with an error log.',
      labelNames: ['group', 'outcome'],
    }),
);
