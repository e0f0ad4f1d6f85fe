import { canonicalJson } from '@mp/contracts';

export interface ContextChange {
  /** Dotted path into the purchase context, e.g. `profile.state`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const maxDepth = 2;

/** What changed between two purchase contexts, down to nested records (arrays compare whole). */
export function diffContext(before: object, after: object): ContextChange[] {
  const changes: ContextChange[] = [];
  walk(before as Record<string, unknown>, after as Record<string, unknown>, '', 0, changes);
  return changes;
}

function walk(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  depth: number,
  changes: ContextChange[],
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    // The machine's evolve keeps untouched parts of the context by reference: most keys stop here.
    if (a === b || canonicalJson(a) === canonicalJson(b)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (depth < maxDepth && isRecord(a) && isRecord(b)) walk(a, b, path, depth + 1, changes);
    else changes.push({ path, before: a ?? null, after: b ?? null });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
