import type * as Yaml from 'yaml';

/** Pretty JSON with a final newline, as `kubectl -o json` prints. */
export function toJSON(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

type YamlModule = typeof Yaml;

/** YAML for `-o yaml`; the library is loaded only when YAML is asked for, to keep start-up light. */
export async function toYAML(value: unknown): Promise<string> {
  // yaml is CommonJS: Node's loader exposes its exports by name, a bundle's chunk only as `default`.
  const loaded = (await import('yaml')) as YamlModule & { default?: YamlModule };
  const yaml = typeof loaded.stringify === 'function' ? loaded : (loaded.default as YamlModule);
  return yaml.stringify(value, { lineWidth: 0 });
}

/** One JSON document per line, for streams (`watch -o json`). */
export function toJSONLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
