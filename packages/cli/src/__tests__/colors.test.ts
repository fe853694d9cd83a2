import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIO } from '../index';
import { colorsEnabled } from '../output/colors';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-cli-colors-'));
  kubeconfig = join(dir, 'kubeconfig');
  // `contexts` reads the file only: no cluster is contacted, so the test needs no fleet.
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: lab',
      '    cluster: { server: "https://10.1.2.3:6443" }',
      'users:',
      '  - name: admin',
      '    user: { token: not-a-real-token }',
      'contexts:',
      '  - name: lab',
      '    context: { cluster: lab, user: admin }',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function contexts(
  flags: readonly string[],
  env: Record<string, string>,
  isTTY: boolean,
): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIO = {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY },
    stderr: { write: () => true },
    env: { HOME: dir, ...env },
    onInterrupt: () => () => undefined,
  };
  const code = await run(['contexts', '--kubeconfig', kubeconfig, ...flags], io);
  return { code, stdout };
}

describe('colours', () => {
  it('colours a terminal, and never a pipe unless FORCE_COLOR asks', async () => {
    const terminal = await contexts([], {}, true);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(ANSI);
    const pipe = await contexts([], {}, false);
    expect(pipe.stdout).not.toMatch(ANSI);
    expect(pipe.stdout).toMatch(/^lab\s+https:\/\/10\.1\.2\.3:6443\s+token\s+-\s+\S+\s+ok$/m);
    expect((await contexts([], { FORCE_COLOR: '1' }, false)).stdout).toMatch(ANSI);
  });

  it('switches them off with --no-color or NO_COLOR, even on a terminal or with FORCE_COLOR', async () => {
    for (const [flags, env] of [
      [['--no-color'], {}],
      [['--no-color'], { FORCE_COLOR: '1' }],
      [[], { NO_COLOR: '1' }],
      [[], { NO_COLOR: '1', FORCE_COLOR: '1' }],
    ] as const) {
      const result = await contexts(flags, env, true);
      expect(result.code).toBe(0);
      expect(result.stdout, `${flags.join(' ')} ${JSON.stringify(env)}`).not.toMatch(ANSI);
      expect(result.stdout).toMatch(/\sok$/m);
    }
  });

  it('reads NO_COLOR as set only when non-empty, and FORCE_COLOR=0 as not forcing', () => {
    expect(colorsEnabled(true, { NO_COLOR: '' }, true)).toBe(true);
    expect(colorsEnabled(true, { FORCE_COLOR: '0' }, false)).toBe(false);
    expect(colorsEnabled(true, { FORCE_COLOR: '0' }, true)).toBe(true);
    expect(colorsEnabled(true, {}, undefined)).toBe(false);
  });
});
