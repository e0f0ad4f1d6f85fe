/**
 * Ends every `switch` over a union: adding a member without handling it becomes a compile error here, and a value
 * that slips past the types (a cast, bad JSON) fails loudly instead of falling through silently.
 */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
