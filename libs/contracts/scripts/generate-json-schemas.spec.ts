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

describe('every string of the external contracts has a documented maximum length (G14)', () => {
  const unbounded = (node: unknown, path: string): string[] => {
    if (Array.isArray(node))
      return node.flatMap((item, index) => unbounded(item, `${path}/${index}`));
    if (typeof node !== 'object' || node === null) return [];
    const schema = node as Record<string, unknown>;
    const own =
      schema.type === 'string' &&
      schema.maxLength === undefined &&
      schema.enum === undefined &&
      schema.const === undefined
        ? [path]
        : [];
    return [
      ...own,
      ...Object.entries(schema).flatMap(([key, value]) => unbounded(value, `${path}/${key}`)),
    ];
  };

  it.each([...generateExternalJsonSchemas()])('%s', (_name, content) => {
    expect(unbounded(JSON.parse(content), '#')).toEqual([]);
  });
});
