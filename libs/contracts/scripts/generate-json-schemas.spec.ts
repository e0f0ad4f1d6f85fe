import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExternalJsonSchemas } from '../src/json-schema/json-schema.generator';

const committed = join(__dirname, '..', '..', '..', 'docs', 'contracts');

describe('docs/contracts JSON Schemas', () => {
  const generated = generateExternalJsonSchemas();

  it.each([...generated.keys()])('%s matches what the generator produces', (name) => {
    expect(readFileSync(join(committed, name), 'utf8')).toBe(generated.get(name));
  });

  it('holds no schema the generator no longer produces', () => {
    const stale = readdirSync(committed).filter(
      (name) => name.endsWith('.schema.json') && !generated.has(name),
    );
    expect(stale).toEqual([]);
  });
});
