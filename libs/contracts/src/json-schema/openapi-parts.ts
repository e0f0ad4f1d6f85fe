import { z } from 'zod';

/**
 * A zod schema as the JSON Schema (2020-12) an OpenAPI 3.1 document embeds: what a sender may send (`input`), or
 * what an answer holds (`output`).
 */
export function openApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return rest;
}

interface ObjectSchema {
  readonly properties?: Record<string, Record<string, unknown>>;
  readonly required?: readonly string[];
}

/** The OpenAPI parameters (path or query) of a zod object schema, one per property. */
export function openApiParameters(
  where: 'path' | 'query',
  schema: z.ZodType,
): Record<string, unknown>[] {
  const { properties = {}, required = [] } = openApiSchema(schema) as ObjectSchema;
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}
