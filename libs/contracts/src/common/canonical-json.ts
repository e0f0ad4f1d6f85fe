/**
 * JSON with object keys sorted (by code unit, integer-like keys too) and undefined members dropped: the same value
 * gives the same text whatever its key order. The portal gateway hashes intake bodies with it (the receipts keep
 * those hashes, so its output must not change); support compares contexts and effects with it.
 */
export function canonicalJson(value: unknown): string {
  return value === undefined ? 'undefined' : canonical(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
