// Writes the committed OpenAPI documents, formatted as the repository formats JSON (tests fail when they are stale):
//   npm run docs:openapi
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { balanceApiOpenApi } from '../../apps/balance-api/src/openapi/balance-api.openapi';
import { portalGatewayOpenApi } from '../../apps/portal-gateway/src/openapi/portal-gateway.openapi';
import { supportOpenApi } from '../../apps/support/src/openapi/support.openapi';

const documents: Readonly<Record<string, object>> = {
  'balance-api.json': balanceApiOpenApi,
  'portal-gateway.json': portalGatewayOpenApi,
  'support.json': supportOpenApi,
};

async function main(): Promise<void> {
  const folder = resolve(__dirname, '../../docs/openapi');
  mkdirSync(folder, { recursive: true });
  for (const [name, document] of Object.entries(documents)) {
    const file = resolve(folder, name);
    const options = (await resolveConfig(file)) ?? {};
    writeFileSync(file, await format(JSON.stringify(document), { ...options, filepath: file }));
    process.stdout.write(`wrote ${file}\n`);
  }
}

void main();
