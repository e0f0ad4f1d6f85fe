import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Integration and e2e tiers run against a real broker and a real database: bring them up (or reuse them) before
 * any test, and fail the run loudly when that is impossible.
 */
export default function bringUpInfrastructure(): void {
  const script = resolve(__dirname, '../../tools/infra/up.sh');
  const result = spawnSync('bash', [script], { stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `Test infrastructure is not available: ${script} exited with ${result.status ?? result.signal}. ` +
        'Integration and e2e tests need PostgreSQL and a Kafka broker (see README).',
    );
  }
}
