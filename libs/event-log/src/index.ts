export * from './kafka-client.factory';
export * from './kafka-cluster.probe';
export * from './kafka-unreachable.error';
export * from './topics';
export * from './with-deadline';
