export * from './es2plus.functions';
export * from './es2plus-identifiers';
export * from './es2plus-outcome.mapper';
export * from './es2plus-requests.schema';
export * from './es2plus-responses.schema';
export * from './execution-status.schema';
export * from './status-codes';
