// Writes the JSON Schemas of the external contracts into docs/contracts/.
// Run: npx tsx libs/contracts/scripts/generate-json-schemas.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExternalJsonSchemas } from '../src/json-schema/json-schema.generator';

const target = join(__dirname, '..', '..', '..', 'docs', 'contracts');
mkdirSync(target, { recursive: true });
for (const [name, content] of generateExternalJsonSchemas()) {
  writeFileSync(join(target, name), content);
  console.log(`wrote docs/contracts/${name}`);
}
