import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/flotilla-sim';

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

/** The same command line in this process (no process start-up per call); the binary's own runs prove the wiring. */
async function cli(args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    untilStopped: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

/** Starts `flotilla-sim up`; resolves once it prints that it is serving, rejects if it exits first. */
function startUp(args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet exited early (${code}):\n${output}`));
    });
  });
}

async function listeningServer(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function freePort(): Promise<number> {
  const server = await listeningServer();
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ name: string; user: { token?: string; exec?: { args: string[] } } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
}

/** Talks to one cluster of the running fleet the way kubectl would: from its kubeconfig context. */
class Context {
  constructor(
    readonly server: string,
    readonly ca: string,
    readonly token: string | undefined,
  ) {}

  static async load(kubeconfig: string, name: string): Promise<Context> {
    const config = parse(await readFile(kubeconfig, 'utf8')) as Kubeconfig;
    const context = config.contexts.find((c) => c.name === name);
    const cluster = config.clusters.find((c) => c.name === context?.context.cluster);
    const user = config.users.find((u) => u.name === context?.context.user);
    if (!cluster || !user) throw new Error(`no context ${name} in ${kubeconfig}`);
    return new Context(
      cluster.cluster.server,
      Buffer.from(cluster.cluster['certificate-authority-data'], 'base64').toString(),
      user.user.token,
    );
  }

  /** Sends a GET; `onLine` sees each streamed line and may end the request by returning true. */
  get(
    path: string,
    onLine: (line: string) => boolean = () => false,
    timeoutMs = 10_000,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        { ca: this.ca, headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.split('\n').some((line) => line !== '' && onLine(line))) {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, text });
            }
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${path}`)));
      req.on('error', reject);
      req.end();
    });
  }
}

let dir: string;
let kubeconfig: string;
let controlPort: number;
let fleet: ChildProcess;
let output = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-sim-cli-'));
  kubeconfig = join(dir, 'kubeconfig');
  controlPort = await freePort();
  const started = await startUp([
    '--clusters',
    '3',
    '--pods-per-cluster',
    '5',
    '--kubeconfig',
    kubeconfig,
    '--openshift',
    'sim-2',
    '--fault',
    'sim-2=slow:20',
    '--fault',
    'sim-3=hang',
    '--exec',
    'sim-1',
    '--churn',
    '20',
    '--control-port',
    String(controlPort),
  ]);
  fleet = started.child;
  output = started.output();
}, 40_000);

afterAll(async () => {
  if (fleet.exitCode === null) fleet.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('flotilla-sim up', () => {
  it('prints the kubeconfig path and a table of clusters with flavors and faults', async () => {
    expect(output).toContain(`kubeconfig: ${kubeconfig}`);
    expect(output).toMatch(/NAME\s+URL\s+FLAVOR\s+VERSION\s+FAULTS/);
    expect(output).toMatch(/sim-1\s+https:\/\/127\.0\.0\.1:\d+\s+kubernetes\s+v1\.31\.4\s+-/);
    expect(output).toMatch(/sim-2\s+https:\/\/127\.0\.0\.1:\d+\s+openshift\s+\S+\s+latency:20/);
    expect(output).toMatch(/sim-3\s+https:\/\/127\.0\.0\.1:\d+\s+kubernetes\s+\S+\s+hang/);
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    expect((await stat(`${kubeconfig}.control.json`)).mode & 0o777).toBe(0o600);
  });

  it('--control-port puts the control endpoint on that loopback port', async () => {
    const control = JSON.parse(await readFile(`${kubeconfig}.control.json`, 'utf8')) as {
      url: string;
      token: string;
    };
    expect(control.url).toBe(`http://127.0.0.1:${controlPort}`);
    expect(output).toContain(`control:    http://127.0.0.1:${controlPort}`);
    // The token guards it: without it the endpoint refuses to act.
    const refused = await fetch(`${control.url}/clusters/sim-1/heal`, { method: 'POST' });
    expect(refused.status).toBe(401);
    expect(output).not.toContain(control.token);
  });

  it('--exec makes that context authenticate through the exec credential plugin', async () => {
    const config = parse(await readFile(kubeconfig, 'utf8')) as Kubeconfig;
    const sim1 = config.contexts.find((c) => c.name === 'sim-1');
    const user = config.users.find((u) => u.name === sim1?.context.user)?.user;
    expect(user?.token).toBeUndefined();
    expect(user?.exec?.args).toEqual(expect.arrayContaining(['--cluster', 'sim-1']));
    const sim2 = config.users.find((u) => u.name === 'sim-2-admin')?.user;
    expect(sim2?.token).toEqual(expect.any(String));
  });

  it('--openshift serves config.openshift.io on that cluster only', async () => {
    const sim2 = await Context.load(kubeconfig, 'sim-2');
    expect((await sim2.get('/apis/config.openshift.io/v1/clusterversions/version')).status).toBe(200);
    const sim3 = await Context.load(kubeconfig, 'sim-3');
    const version = await sim2.get('/version');
    expect(JSON.parse(version.text)).toMatchObject({ gitVersion: expect.stringMatching(/^v1\.\d+\.\d+\+/) });
    expect(sim3.server).not.toBe(sim2.server);
  });

  it('--churn changes pods without anyone writing', async () => {
    const sim2 = await Context.load(kubeconfig, 'sim-2');
    const list = JSON.parse((await sim2.get('/api/v1/pods')).text) as {
      metadata: { resourceVersion: string };
    };
    let event: { type: string } | undefined;
    await sim2.get(`/api/v1/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (line) => {
      event = JSON.parse(line) as { type: string };
      return true;
    });
    expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(event?.type);
  });
});

describe('flotilla-sim fault, heal and status', () => {
  it('heal clears a fault given at start', async () => {
    const heal = await cli(['heal', 'sim-3', '--kubeconfig', kubeconfig]);
    expect(heal).toMatchObject({ code: 0, stdout: 'sim-3: faults now none\n' });
    const sim3 = await Context.load(kubeconfig, 'sim-3');
    expect((await sim3.get('/api/v1/namespaces')).status).toBe(200);
  });

  it('applies each --fault variant to the running cluster', async () => {
    const sim3 = await Context.load(kubeconfig, 'sim-3');
    const unauthorized = await cli(['fault', 'sim-3', 'unauthorized', '--kubeconfig', kubeconfig]);
    expect(unauthorized).toMatchObject({ code: 0, stdout: 'sim-3: faults now revoked:admin\n' });
    expect((await sim3.get('/api/v1/namespaces')).status).toBe(401);

    const applied: Array<[string, string]> = [
      ['forbidden', 'forbidden:admin'],
      ['slow:30', 'latency:30'],
      ['flaky:0.5', 'errorRate:0.5:503'],
      ['hang', 'hang'],
      ['refused', 'refuse'],
    ];
    for (const [spec, shown] of applied) {
      const result = await cli(['fault', 'sim-3', spec, '--kubeconfig', kubeconfig]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(shown);
    }
    const status = await cli(['status', '--kubeconfig', kubeconfig]);
    expect(status.stdout).toMatch(
      /sim-3 .* hang,refuse,latency:30,errorRate:0\.5:503,revoked:admin,forbidden:admin/,
    );
    // The other clusters are untouched.
    expect(status.stdout).toMatch(/sim-1 .*kubernetes\s+v1\.31\.4\s+-/);
    await expect(sim3.get('/readyz')).rejects.toThrow(/ECONNREFUSED/);

    const heal = await cli(['heal', 'sim-3', '--kubeconfig', kubeconfig]);
    expect(heal.stdout).toBe('sim-3: faults now none\n');
    expect((await sim3.get('/api/v1/namespaces')).status).toBe(200);
  });

  it('exits 3 for an unknown cluster, naming the known ones', async () => {
    const result = await run(['fault', 'nope', 'hang', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('unknown cluster "nope"');
    expect((await cli(['heal', 'nope', '--kubeconfig', kubeconfig])).code).toBe(3);
  });

  it('exits 2 for an unknown or malformed fault spec, changing nothing', async () => {
    const unknown = await run(['fault', 'sim-1', 'explode', '--kubeconfig', kubeconfig]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown fault "explode"');
    const malformed = await cli(['fault', 'sim-1', 'slow:fast', '--kubeconfig', kubeconfig]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('fault "slow:fast": expected a number');
    expect((await cli(['status', '--kubeconfig', kubeconfig])).stdout).toMatch(/sim-1 .*v1\.31\.4\s+-/);
  });

  it('exits 4 when no fleet runs for that kubeconfig', async () => {
    const result = await run(['heal', 'sim-1', '--kubeconfig', join(dir, 'none')]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('no running fleet found');
    expect((await cli(['status', '--kubeconfig', join(dir, 'none')])).code).toBe(4);
  });
});

describe('flotilla-sim usage errors', () => {
  it.each([
    [['up', '--clusters', 'many'], '--clusters must be an integer >= 1, got "many"'],
    [['up', '--clusters', '0'], '--clusters must be an integer >= 1'],
    [['up', '--pods-per-cluster=-1'], '--pods-per-cluster must be an integer >= 0'],
    [['up', '--churn', 'fast'], '--churn must be a number >= 0, got "fast"'],
    [['up', '--control-port', 'x'], '--control-port must be an integer >= 0'],
    [['up', '--openshift', 'sim-9'], '--openshift sim-9: no such cluster (clusters are sim-1, sim-2, sim-3)'],
    [['up', '--exec', 'sim-9'], '--exec sim-9: no such cluster'],
    [['up', '--fault', 'sim-1'], '--fault expects NAME=SPEC, got "sim-1"'],
    [['up', '--fault', 'sim-9=hang'], '--fault sim-9: no such cluster'],
    [['up', '--bogus'], "Unknown option '--bogus'"],
    [['fault', 'sim-1'], 'usage: flotilla-sim fault <cluster> <spec>'],
    [['heal'], 'usage: flotilla-sim heal <cluster>'],
    [['status', 'extra'], 'status takes no arguments'],
    [['explode'], 'unknown command "explode"'],
  ])('flotilla-sim %j exits 2: %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Run "flotilla-sim --help" for usage.');
  });

  it('prints usage, fault specs and exit codes for --help (0) and without a command (2)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('slow:MS, flaky:RATE');
    expect(help.stdout).toContain(
      'Exit codes: 0 ok, 1 failure, 2 usage error, 3 unknown cluster, 4 fleet not reachable.',
    );
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage:');
  });

  it('exits 1 when the control port is taken, after stopping the fleet it started', async () => {
    const taken = await listeningServer();
    const { port } = taken.address() as AddressInfo;
    try {
      const path = join(dir, 'taken', 'kubeconfig');
      const result = await cli([
        'up',
        '--clusters',
        '1',
        '--pods-per-cluster',
        '0',
        '--kubeconfig',
        path,
        '--control-port',
        String(port),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
      // Its cluster was stopped: the address in the kubeconfig it wrote no longer answers.
      const context = await Context.load(path, 'sim-1');
      await expect(context.get('/readyz')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe('flotilla-sim up lifetime', () => {
  it('stops cleanly with exit code 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => fleet.on('exit', (code) => resolve(code)));
    fleet.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('stops cleanly with exit code 0 on SIGINT', async () => {
    const { child } = await startUp([
      '--clusters',
      '1',
      '--pods-per-cluster',
      '0',
      '--kubeconfig',
      join(dir, 'sigint', 'kubeconfig'),
    ]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
