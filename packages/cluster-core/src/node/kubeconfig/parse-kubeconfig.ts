import path from 'node:path';
import { loadYaml } from '@kubernetes/client-node';
import { FlotillaError } from '../../errors';
import type { KubeconfigSourceError } from './types';

/** A kubeconfig entry body (`cluster:`, `user:` or `context:` mapping) as written in the file. */
export type RawEntry = Readonly<Record<string, unknown>>;

/** One kubeconfig document, split into named entries, with relative file references made absolute. */
export interface ParsedKubeconfig {
  /** The absolute file path, or `paste:<label>`. */
  source: string;
  clusters: ReadonlyMap<string, RawEntry>;
  users: ReadonlyMap<string, RawEntry>;
  contexts: ReadonlyArray<{ name: string; context: RawEntry }>;
  /** Entry-level problems; the valid entries of the file still load. */
  problems: KubeconfigSourceError[];
}

type Section = 'clusters' | 'users' | 'contexts';
const BODY_KEY: Record<Section, string> = { clusters: 'cluster', users: 'user', contexts: 'context' };

export function configError(source: string, message: string, context?: string): KubeconfigSourceError {
  const clusterId = context === undefined ? source : `${source}:${context}`;
  return {
    source,
    ...(context === undefined ? {} : { context }),
    error: new FlotillaError({ kind: 'config', clusterId, clusterName: context ?? source, message }),
  };
}

/**
 * Parses one kubeconfig. Throws a `config` FlotillaError for a document that is not YAML or not a
 * kubeconfig. The message quotes js-yaml's reason and position only: its default message embeds a
 * snippet of the file, which may be a token.
 */
export function parseKubeconfig(text: string, source: string, baseDir: string | null): ParsedKubeconfig {
  const parsed = parseYaml(text, source);
  if (parsed !== null && !isRecord(parsed)) {
    throw configError(source, `kubeconfig ${source} is not a YAML mapping`).error;
  }
  const doc: Record<string, unknown> = isRecord(parsed) ? parsed : {};
  const problems: KubeconfigSourceError[] = [];
  const section = (name: Section): Array<{ name: string; body: RawEntry }> => {
    const list = doc[name];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list))
      throw configError(source, `kubeconfig ${source}: "${name}" is not a list`).error;
    const entries: Array<{ name: string; body: RawEntry }> = [];
    const seen = new Set<string>();
    list.forEach((item: unknown, index) => {
      const entryName = isRecord(item) ? item['name'] : undefined;
      const body = isRecord(item) ? (item[BODY_KEY[name]] ?? {}) : undefined;
      if (typeof entryName !== 'string' || entryName === '' || !isRecord(body)) {
        problems.push(
          configError(source, `kubeconfig ${source}: ${name}[${index}] has no name or no ${BODY_KEY[name]}`),
        );
      } else if (seen.has(entryName)) {
        // kubectl refuses the whole file here; keeping the first keeps the file's other clusters alive.
        problems.push(
          configError(
            source,
            `kubeconfig ${source}: duplicate ${BODY_KEY[name]} "${entryName}", the first one is used`,
          ),
        );
      } else {
        seen.add(entryName);
        entries.push({ name: entryName, body });
      }
    });
    return entries;
  };
  const resolve = (entries: Array<{ name: string; body: RawEntry }>, fields: readonly string[]) =>
    new Map(
      entries.map(({ name, body }) => [name, baseDir === null ? body : resolvePaths(body, fields, baseDir)]),
    );

  return {
    source,
    clusters: resolve(section('clusters'), ['certificate-authority']),
    users: resolve(section('users'), ['client-certificate', 'client-key', 'token-file']),
    contexts: section('contexts').map(({ name, body }) => ({ name, context: body })),
    problems,
  };
}

function parseYaml(text: string, source: string): unknown {
  // client-node's loadYaml refuses empty documents; kubectl reads an empty file as an empty config.
  if (/^\s*(?:(?:#[^\n]*|---)\s*)*$/.test(text)) return null;
  try {
    return loadYaml<unknown>(text);
  } catch (error) {
    const reason = yamlReason(error);
    throw configError(source, `kubeconfig ${source} is not valid YAML: ${reason}`).error;
  }
}

function yamlReason(error: unknown): string {
  if (!isRecord(error)) return 'unreadable document';
  const reason = typeof error['reason'] === 'string' ? error['reason'] : 'unreadable document';
  const mark = error['mark'];
  if (isRecord(mark) && typeof mark['line'] === 'number' && typeof mark['column'] === 'number') {
    return `${reason} (line ${mark['line'] + 1}, column ${mark['column'] + 1})`;
  }
  return reason;
}

/** kubectl resolves file references, and an exec command that contains a slash, against the file's directory. */
function resolvePaths(body: RawEntry, fields: readonly string[], baseDir: string): RawEntry {
  const out: Record<string, unknown> = { ...body };
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'string' && value !== '') out[field] = path.resolve(baseDir, value);
  }
  const exec = out['exec'];
  if (isRecord(exec) && typeof exec['command'] === 'string' && /[/\\]/.test(exec['command'])) {
    out['exec'] = { ...exec, command: path.resolve(baseDir, exec['command']) };
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
