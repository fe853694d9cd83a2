import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/flotilla-sim.mjs', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
let kubeconfig: string;
let fleet: ChildProcess;
let output = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-sim-cli-'));
  kubeconfig = join(dir, 'kubeconfig');
  fleet = spawn(
    process.execPath,
    [
      BIN,
      'up',
      '--clusters',
      '2',
      '--pods-per-cluster',
      '5',
      '--kubeconfig',
      kubeconfig,
      '--openshift',
      'sim-2',
      '--fault',
      'sim-2=slow:20',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    fleet.stdout?.on('data', onData);
    fleet.stderr?.on('data', onData);
    fleet.on('exit', () => reject(new Error(`fleet exited early:\n${output}`)));
  });
}, 40_000);

afterAll(async () => {
  if (fleet.exitCode === null) fleet.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('flotilla-sim', () => {
  it('up prints the kubeconfig path and a table of clusters with their faults', async () => {
    expect(output).toContain(`kubeconfig: ${kubeconfig}`);
    expect(output).toMatch(/sim-1\s+https:\/\/127\.0\.0\.1:\d+\s+kubernetes\s+v1\.31\.4\s+-/);
    expect(output).toMatch(/sim-2\s+https:\/\/127\.0\.0\.1:\d+\s+openshift\s+\S+\s+latency:20/);
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    expect((await stat(`${kubeconfig}.control.json`)).mode & 0o777).toBe(0o600);
  });

  it('fault, heal and status change and show a running fleet', async () => {
    const fault = await run(['fault', 'sim-1', 'throttle:3', '--kubeconfig', kubeconfig]);
    expect(fault).toMatchObject({ code: 0 });
    expect(fault.stdout).toContain('sim-1: faults now throttle:3');
    const status = await run(['status', '--kubeconfig', kubeconfig]);
    expect(status.stdout).toMatch(/sim-1 .* throttle:3/);
    const heal = await run(['heal', 'sim-1', '--kubeconfig', kubeconfig]);
    expect(heal.stdout).toContain('sim-1: faults now none');
  });

  it('exits 3 for an unknown cluster, 2 for bad flags and fault specs, 4 when no fleet runs', async () => {
    expect((await run(['fault', 'nope', 'hang', '--kubeconfig', kubeconfig])).code).toBe(3);
    const badSpec = await run(['fault', 'sim-1', 'explode', '--kubeconfig', kubeconfig]);
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toContain('unknown fault "explode"');
    const badFlag = await run(['up', '--clusters', 'many']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--clusters must be an integer');
    const unknownFlag = await run(['up', '--bogus']);
    expect(unknownFlag.code).toBe(2);
    expect((await run(['heal', 'sim-1', '--kubeconfig', join(dir, 'none')])).code).toBe(4);
    expect((await run(['--help'])).stdout).toContain('Usage:');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => fleet.on('exit', (code) => resolve(code)));
    fleet.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
