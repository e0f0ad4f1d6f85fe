export * from './data-source.factory';
export * from './migrate-database';
export * from './migration-set';
export * from './platform.migrations';
export * from './projection-checkpoints';
export * from './notification-listener';
export * from './database-unavailable';
