import { randomUUID } from 'node:crypto';
import { DEFAULT_KAFKA_BROKERS, readEnvironment, type Environment } from '@mp/config';

const LOCAL_TEST_DATABASE = 'postgres://postgres@127.0.0.1:5432/mobileplans_test';

/**
 * The environment the tests give the apps: the real broker (KAFKA_BROKERS or the local one) and the test
 * database (TEST_DATABASE_URL or the local `mobileplans_test`), never the development database. Pass
 * `isolatedEnvironment()` among the overrides to give a suite its own topics, groups and schema.
 */
export function testEnvironment(overrides: Environment = {}): Record<string, string> {
  const outer = readEnvironment();
  const env: Record<string, string | undefined> = {
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: outer.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS,
    DATABASE_URL: outer.TEST_DATABASE_URL ?? LOCAL_TEST_DATABASE,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A name no other test (or earlier run) uses: topics, schemas, consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A Kafka namespace and a PostgreSQL schema of their own, so suites running together never meet. */
export function isolatedEnvironment(prefix = 't'): {
  KAFKA_NAMESPACE: string;
  DATABASE_SCHEMA: string;
} {
  const name = uniqueName(prefix).toLowerCase();
  return { KAFKA_NAMESPACE: name, DATABASE_SCHEMA: name };
}
