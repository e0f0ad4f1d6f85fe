export * from './kafka-client.factory';
export * from './kafka-cluster.probe';
export * from './kafka-unreachable.error';
export * from './topics';
export * from './with-deadline';
export * from './exactly-once/co-partitioned.assigner';
export * from './exactly-once/exactly-once.processor';
export * from './exactly-once/exactly-once.types';
