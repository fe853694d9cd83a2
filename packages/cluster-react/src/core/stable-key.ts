/**
 * A serialization that is equal for equal values whatever their key order, so a query written as an
 * inline object literal maps to the same view on every render. Functions and symbols have no stable
 * form and are left out, as JSON does.
 */
export function stableKey(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }) ?? 'undefined'
  );
}
