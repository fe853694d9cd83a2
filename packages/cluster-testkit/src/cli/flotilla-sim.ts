import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ControlServer,
  controlFilePath,
  summarize,
  type ClusterSummary,
  type ControlEndpoint,
} from '../fleet/control-server';
import { startSimulatedFleet, type SimulatedFleet } from '../fleet/simulated-fleet';
import { applyFaultSpec, FAULT_SPECS, FaultSpecError } from '../faults/fault-spec';
import type { ClusterFlavor } from '../simulated-cluster';

/** Exit codes, documented in docs/testkit.md. */
export const EXIT = { ok: 0, failure: 1, usage: 2, unknownCluster: 3, unreachable: 4 } as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped: () => Promise<void>;
}

export const defaultKubeconfigPath = () => join(tmpdir(), 'flotilla-sim', 'kubeconfig');

const USAGE = `flotilla-sim — a simulated fleet of Kubernetes API servers on 127.0.0.1

Usage:
  flotilla-sim up [--clusters N] [--pods-per-cluster N] [--kubeconfig PATH] [--openshift NAME]...
                  [--exec NAME]... [--churn EPS] [--fault NAME=SPEC]... [--control-port N] [--prefix P]
  flotilla-sim fault <cluster> <spec> [--kubeconfig PATH]
  flotilla-sim heal <cluster> [--kubeconfig PATH]
  flotilla-sim status [--kubeconfig PATH]

Fault specs: ${FAULT_SPECS.join(', ')}
Exit codes: 0 ok, 1 failure, 2 usage error, 3 unknown cluster, 4 fleet not reachable.
Default kubeconfig: ${defaultKubeconfigPath()}
`;

class UsageError extends Error {}

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

function table(rows: ClusterSummary[]): string {
  const header = ['NAME', 'URL', 'FLAVOR', 'VERSION', 'FAULTS'];
  const cells = rows.map((r) => [r.name, r.url, r.flavor, r.version, r.faults.join(',') || '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  return [header, ...cells]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

async function up(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      clusters: { type: 'string' },
      'pods-per-cluster': { type: 'string' },
      kubeconfig: { type: 'string' },
      openshift: { type: 'string', multiple: true },
      exec: { type: 'string', multiple: true },
      churn: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'control-port': { type: 'string' },
      prefix: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const count = positiveInt('clusters', values.clusters, 3);
  const pods = positiveInt('pods-per-cluster', values['pods-per-cluster'], 30, 0);
  const churn = values.churn === undefined ? 0 : Number(values.churn);
  if (!Number.isFinite(churn) || churn < 0)
    throw new UsageError(`--churn must be a number >= 0, got "${values.churn}"`);
  const controlPort = positiveInt('control-port', values['control-port'], 0, 0);
  const prefix = values.prefix ?? 'sim';
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  const known = (name: string, flag: string) => {
    if (!names.includes(name))
      throw new UsageError(`--${flag} ${name}: no such cluster (clusters are ${names.join(', ')})`);
    return name;
  };
  const flavors: Record<string, ClusterFlavor> = {};
  for (const name of values.openshift ?? []) flavors[known(name, 'openshift')] = 'openshift';
  const faults = (values.fault ?? []).map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`--fault expects NAME=SPEC, got "${text}"`);
    return { cluster: known(text.slice(0, eq), 'fault'), spec: text.slice(eq + 1) };
  });
  const exec = (values.exec ?? []).map((name) => known(name, 'exec'));

  const fleet: SimulatedFleet = await startSimulatedFleet({
    clusters: names,
    podsPerCluster: pods,
    flavors,
    execCredentialClusters: exec,
    kubeconfigPath: values.kubeconfig ?? defaultKubeconfigPath(),
    ...(churn > 0 ? { churnPerSecond: churn } : {}),
  });
  let control: ControlServer | undefined;
  try {
    for (const { cluster, spec } of faults) await applyFaultSpec(fleet.cluster(cluster), spec);
    control = await ControlServer.start(fleet, controlPort);
    io.out(`kubeconfig: ${fleet.kubeconfigPath}\n`);
    io.out(`control:    ${control.endpoint.url} (token in ${controlFilePath(fleet.kubeconfigPath)})\n\n`);
    io.out(`${table(summarize(fleet))}\n\n`);
    io.out(`Try: kubectl --kubeconfig ${fleet.kubeconfigPath} --context ${names[0]} get pods -A\n`);
    io.out('Press Ctrl+C to stop.\n');
    await io.untilStopped();
    return EXIT.ok;
  } finally {
    await control?.stop();
    await fleet.stop();
  }
}

async function readControl(kubeconfig: string): Promise<ControlEndpoint> {
  try {
    return JSON.parse(await readFile(controlFilePath(kubeconfig), 'utf8')) as ControlEndpoint;
  } catch {
    throw new UnreachableError(
      `no running fleet found for ${kubeconfig} (missing ${controlFilePath(kubeconfig)}); start one with "flotilla-sim up"`,
    );
  }
}

class UnreachableError extends Error {}

async function callControl(kubeconfig: string, method: string, path: string, body?: unknown) {
  const control = await readControl(kubeconfig);
  let response: Response;
  try {
    response = await fetch(`${control.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${control.token}`, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new UnreachableError(
      `fleet control at ${control.url} is not reachable: ${(error as Error).message}`,
    );
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function control(command: 'fault' | 'heal' | 'status', args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { kubeconfig: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const kubeconfig = values.kubeconfig ?? defaultKubeconfigPath();
  if (command === 'status') {
    if (positionals.length > 0) throw new UsageError('status takes no arguments');
    const { body } = await callControl(kubeconfig, 'GET', '/clusters');
    io.out(`${table(body['clusters'] as ClusterSummary[])}\n`);
    return EXIT.ok;
  }
  const expected = command === 'fault' ? 2 : 1;
  if (positionals.length !== expected) {
    throw new UsageError(
      command === 'fault'
        ? 'usage: flotilla-sim fault <cluster> <spec>'
        : 'usage: flotilla-sim heal <cluster>',
    );
  }
  const [cluster = '', spec] = positionals;
  const path = `/clusters/${encodeURIComponent(cluster)}/${command}`;
  const { status, body } = await callControl(
    kubeconfig,
    'POST',
    path,
    command === 'fault' ? { fault: spec } : undefined,
  );
  if (status === 404) {
    io.err(`flotilla-sim: ${String(body['error'])}\n`);
    return EXIT.unknownCluster;
  }
  if (status === 400) throw new UsageError(String(body['error']));
  if (status !== 200) {
    io.err(`flotilla-sim: ${String(body['error'])}\n`);
    return EXIT.failure;
  }
  const faults = (body['faults'] as string[]).join(', ') || 'none';
  io.out(`${cluster}: faults now ${faults}\n`);
  return EXIT.ok;
}

/** Runs the command line; returns the exit code instead of exiting, so it can be tested in-process. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'up':
        return await up(rest, io);
      case 'fault':
      case 'heal':
      case 'status':
        return await control(command, rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof FaultSpecError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`flotilla-sim: ${(error as Error).message}\nRun "flotilla-sim --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof UnreachableError) {
      io.err(`flotilla-sim: ${error.message}\n`);
      return EXIT.unreachable;
    }
    io.err(`flotilla-sim: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}

/** Process entry: wires signals and stdio, then exits with main()'s code. */
export async function run(): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const code = await main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    untilStopped: () => stopped,
  });
  process.exit(code);
}
