import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Browsers load the root entry (cluster-react, the bridge client), so nothing it reaches may need
// Node. The guard walks the import graph from src/index.ts rather than trusting a list of files, so
// a file added later, or an import added to an old one, is checked too.
const srcDir = fileURLToPath(new URL('..', import.meta.url));
const NODE_BUILTIN =
  /^(node:|(assert|buffer|child_process|crypto|dns|events|fs|http|http2|https|net|os|path|process|readline|stream|timers|tls|url|util|worker_threads|zlib)(\/.*)?$)/;
// Packages the root entry may use; each works in browsers.
const ALLOWED_PACKAGES = new Set(['eventemitter3', 'mitt']);

// `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  throw new Error(`${path.relative(srcDir, from)}: cannot resolve "${specifier}"`);
}

/** Drops comments, which may well say "in-process." or show a Node example. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function rootEntryGraph(): { files: string[]; problems: string[] } {
  const seen = new Set<string>();
  const problems: string[] = [];
  const queue = [path.join(srcDir, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const name = path.relative(srcDir, file);
    const source = withoutComments(readFileSync(file, 'utf8'));
    if (name.startsWith(`node${path.sep}`)) problems.push(`${name} is Node-only code`);
    if (/\bprocess\.\w|\bBuffer\b|(^|[^.\w])require\(\s*['"]/m.test(source))
      problems.push(`${name} uses process, Buffer or require()`);
    for (const match of source.matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) queue.push(resolveRelative(file, specifier));
      else if (NODE_BUILTIN.test(specifier))
        problems.push(`${name} imports the Node built-in "${specifier}"`);
      else if (!ALLOWED_PACKAGES.has(specifier)) problems.push(`${name} imports the package "${specifier}"`);
    }
  }
  return { files: [...seen], problems };
}

describe('the root entry (@flotilla/cluster-core)', () => {
  it('reaches no Node built-in, no src/node file and no Node-only package', () => {
    const { files, problems } = rootEntryGraph();
    const reached = files.map((file) => path.relative(srcDir, file));
    // The walk really covers the session machinery, not just the index file.
    for (const core of ['cluster-manager.ts', 'cluster-session.ts', 'heartbeat.ts', 'events.ts', 'errors.ts'])
      expect(reached).toContain(core);
    expect(problems).toEqual([]);
  });

  it('keeps the Node-only parts behind @flotilla/cluster-core/node', () => {
    const manifest = JSON.parse(readFileSync(path.join(srcDir, '..', 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, unknown>>;
    };
    expect(manifest.exports['.']?.['@flotilla/source']).toBe('./src/index.ts');
    expect(manifest.exports['./node']?.['@flotilla/source']).toBe('./src/node/index.ts');
    const nodeEntry = readFileSync(path.join(srcDir, 'node', 'index.ts'), 'utf8');
    for (const name of ['KubeconfigSync', 'HttpsTransport', 'FilePreferenceStore', 'ManualClusterStore'])
      expect(nodeEntry).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
