/** Pretty JSON with a final newline, as `kubectl -o json` prints. */
export function toJSON(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** YAML for `-o yaml`; the library is loaded only when YAML is asked for, to keep start-up light. */
export async function toYAML(value: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(value, { lineWidth: 0 });
}

/** One JSON document per line, for streams (`watch -o json`). */
export function toJSONLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
