import { z } from 'zod';
import { externalContracts } from './external-contracts.registry';

/**
 * File name → file content for docs/contracts/. Inbound contracts describe what a sender may send (`io: input`,
 * before defaults and normalisation); the rendering is stable so that a committed file can be compared byte for byte.
 */
export function generateExternalJsonSchemas(): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const contract of externalContracts) {
    const schema = z.toJSONSchema(contract.schema, { io: 'input', target: 'draft-2020-12' });
    const document = { $id: `${contract.name}.schema.json`, title: contract.title, ...schema };
    files.set(`${contract.name}.schema.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}
