import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../index';
import { BIN, cleanEnv, runCli } from './helpers/cli';

function captureIO(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => ((out += text), true) },
    stderr: { write: (text: string) => ((err += text), true) },
    env: { HOME: '/nonexistent', ...env },
    onInterrupt: () => () => undefined,
    out: () => out,
    err: () => err,
  };
}

const COMMANDS = ['status', 'get', 'compare', 'export', 'watch', 'contexts'];

describe('flotilla usage', () => {
  it('prints help for the program and exits 2 for a bad flag (the real binary)', async () => {
    const [help, bad] = await Promise.all([runCli(['--help']), runCli(['get', 'pods', '--bogus'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: flotilla [options] [command]');
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('Exit codes:');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error: unknown option '--bogus'");
    expect(bad.stdout).toBe('');
  }, 60_000);

  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('prints its version, the one of its package.json', async () => {
    const io = captureIO();
    expect(await run(['--version'], io)).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(io.out()).toBe(`${manifest.version}\n`);
  });

  it.each(COMMANDS)('has --help for %s', async (command) => {
    const io = captureIO();
    expect(await run([command, '--help'], io)).toBe(0);
    expect(io.out()).toContain(`Usage: flotilla ${command}`);
    expect(io.out()).toContain('Examples:');
  });

  it.each([
    [['get'], "error: missing required argument 'kind'"],
    [['compare', 'deploy'], "error: missing required argument 'name'"],
    [
      ['get', 'pods', '-o', 'xml'],
      "argument 'xml' is invalid. Allowed choices are table, wide, json, yaml, csv, name",
    ],
    [
      ['get', 'pods', '-n', 'web', '-A'],
      "option '-A, --all-namespaces' cannot be used with option '-n, --namespace <namespace>'",
    ],
    [['status', '--timeout', 'soon'], '--timeout must be a duration such as 500ms, 5s or 1m (got "soon")'],
    [['status', '--timeout', '0s'], '--timeout must be greater than zero'],
    [['get', 'pods', '--concurrency', '0'], '--concurrency must be a whole number of at least 1'],
    [
      ['status', '--context', 'a', '--clusters', 'b'],
      "option '--context <name>' cannot be used with option '--clusters <names>'",
    ],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['get', 'pods', 'web-1', '-A'], 'a resource cannot be retrieved by name across all namespaces'],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const io = captureIO();
    expect(await run(args, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.out()).toBe('');
  });
});
