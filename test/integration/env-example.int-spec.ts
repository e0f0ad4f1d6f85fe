import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import {
  loadBalanceApiConfig,
  loadLauncherConfig,
  loadOrchestratorConfig,
  loadPortalGatewayConfig,
  loadSmdpAdapterConfig,
  loadSmdpSimulatorConfig,
  loadSupportConfig,
  type Environment,
} from '@mp/config';
import { repositoryRoot } from '../support/build-apps';

// `.env.example` says: copy it to `.env` to change one setting, nothing is required. A copy must therefore change
// nothing: tools/infra/up.sh sources it in bash (set -e) and still starts the local broker and PostgreSQL, and
// every app reads the same configuration from it as from no settings at all.

const file = resolve(repositoryRoot, '.env.example');
const example: Environment = parseEnv(readFileSync(file, 'utf8'));
const loaders = {
  launcher: loadLauncherConfig,
  orchestrator: loadOrchestratorConfig,
  portalGateway: loadPortalGatewayConfig,
  smdpAdapter: loadSmdpAdapterConfig,
  smdpSimulator: loadSmdpSimulatorConfig,
  balanceApi: loadBalanceApiConfig,
  support: loadSupportConfig,
};

it('sources in bash as tools/infra/up.sh does', () => {
  const sourced = spawnSync(
    'bash',
    ['-c', 'set -euo pipefail; set -a; . "$1"; set +a', '_', file],
    {
      encoding: 'utf8',
    },
  );

  expect({
    status: sourced.status,
    errors: sourced.stderr.split('\n').filter((line) => line.includes(file)),
  }).toEqual({ status: 0, errors: [] });
});

it('leaves the broker and the databases to tools/infra/up.sh (it starts them only when these are unset)', () => {
  expect(example).not.toHaveProperty('KAFKA_BROKERS');
  expect(example).not.toHaveProperty('DATABASE_URL');
  expect(example).not.toHaveProperty('TEST_DATABASE_URL');
});

it.each(Object.entries(loaders))(
  'gives %s the configuration it has with no settings',
  (_, load) => {
    expect(load(example)).toEqual(load({}));
  },
);
