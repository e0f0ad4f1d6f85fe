// Writes the committed OpenAPI document, formatted as the repository formats JSON:
//   npm run docs:openapi:balance-api
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'prettier';
import { balanceApiOpenApi } from './balance-api.openapi';

const file = resolve(__dirname, '../../../../docs/openapi/balance-api.json');

async function main(): Promise<void> {
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, await format(JSON.stringify(balanceApiOpenApi), { parser: 'json' }));
  process.stdout.write(`wrote ${file}\n`);
}

void main();
