import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SimulatedCluster } from '../simulated-cluster';
import { tokenize } from '../server/exec-shell';

let cluster: SimulatedCluster;
let bystander: SimulatedCluster;

interface ExecOutcome {
  protocol: string;
  stdout: string;
  stderr: string;
  status: Record<string, unknown> | null;
  closeCode: number;
}

interface ExecCall {
  command: string[];
  user?: string;
  protocols?: string[];
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  pod?: string;
  /** Messages to send once open (channel byte first). */
  input?: Buffer[];
}

function execUrl(target: SimulatedCluster, call: ExecCall): string {
  const params = new URLSearchParams();
  for (const word of call.command) params.append('command', word);
  params.set('stdout', 'true');
  params.set('stderr', 'true');
  if (call.stdin) params.set('stdin', 'true');
  if (call.tty) params.set('tty', 'true');
  params.set('container', call.container ?? 'app');
  return `wss://127.0.0.1:${target.port}/api/v1/namespaces/default/pods/${call.pod ?? 'shell-1'}/exec?${params}`;
}

/** Runs one exec to its end over a plain `ws` client; bounded by the test timeout of `ws` events. */
function runExec(call: ExecCall, target = cluster): Promise<ExecOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      execUrl(target, call),
      call.protocols ?? ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
      {
        ca: target.caPem,
        headers: { Authorization: `Bearer ${target.tokenFor(call.user ?? 'admin')}` },
      },
    );
    const outcome: ExecOutcome = { protocol: '', stdout: '', stderr: '', status: null, closeCode: 0 };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`exec ${call.command.join(' ')} did not finish: ${JSON.stringify(outcome)}`));
    }, 5000);
    ws.on('open', () => {
      outcome.protocol = ws.protocol;
      for (const message of call.input ?? []) ws.send(message);
    });
    ws.on('message', (data: Buffer) => {
      const text = data.subarray(1).toString('utf8');
      if (data[0] === 1) outcome.stdout += text;
      else if (data[0] === 2) outcome.stderr += text;
      else if (data[0] === 3) outcome.status = JSON.parse(text) as Record<string, unknown>;
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => reject(Object.assign(new Error(body), { statusCode: res.statusCode, body })));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      outcome.closeCode = code;
      resolve(outcome);
    });
  });
}

const stdin = (text: string) => Buffer.concat([Buffer.from([0]), Buffer.from(text)]);

beforeAll(async () => {
  const pod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      resourceVersion: '',
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      nodeName: 'worker-1',
      containers: [
        { name: 'app', image: 'busybox', env: [{ name: 'GREETING', value: 'hello' }] },
        { name: 'sidecar', image: 'envoy' },
      ],
    },
    status: { phase: 'Running' },
  });
  cluster = await SimulatedCluster.start({ name: 'exec', workload: false });
  bystander = await SimulatedCluster.start({ name: 'exec-bystander', workload: false });
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default', uid: 'ns', resourceVersion: '', creationTimestamp: '2026-01-01T00:00:00Z' },
  };
  cluster.seed([namespace, pod('shell-1')]);
  bystander.seed([namespace, pod('shell-1')]);
});

afterAll(async () => {
  await cluster.stop();
  await bystander.stop();
});

describe('pods/exec over WebSocket', () => {
  it('runs echo and reports Success on the error channel, with the first offered protocol', async () => {
    const result = await runExec({ command: ['echo', 'hi', 'there'] });
    expect(result).toMatchObject({
      protocol: 'v5.channel.k8s.io',
      stdout: 'hi there\n',
      stderr: '',
      closeCode: 1000,
    });
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
    const v4 = await runExec({
      command: ['hostname'],
      protocols: ['v4.channel.k8s.io', 'v5.channel.k8s.io'],
    });
    expect(v4).toMatchObject({ protocol: 'v4.channel.k8s.io', stdout: 'shell-1\n' });
  });

  it('reports a non-zero exit code as a NonZeroExitCode Status with an ExitCode cause', async () => {
    const result = await runExec({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(result.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('answers unknown commands with "not found" on stderr and exit code 127', async () => {
    const result = await runExec({ command: ['frobnicate', '--now'] });
    expect(result.stderr).toBe('sh: frobnicate: not found\n');
    expect(result.status).toMatchObject({ details: { causes: [{ message: '127' }] } });
  });

  it('serves env, cat /etc/hostname and the && / || operators', async () => {
    const env = await runExec({ command: ['env'] });
    expect(env.stdout).toContain('HOSTNAME=shell-1\n');
    expect(env.stdout).toContain('GREETING=hello\n');
    const chain = await runExec({ command: ['sh', '-c', 'cat /etc/hostname && false || echo "fell back"'] });
    expect(chain.stdout).toBe('shell-1\nfell back\n');
  });

  it('runs an interactive shell from stdin until exit (v5 close signal ends stdin too)', async () => {
    const result = await runExec({
      command: ['sh'],
      stdin: true,
      input: [stdin('echo one\n'), stdin('hostname\nexit 4\n')],
    });
    expect(result.stdout).toBe('# one\n# shell-1\n# ');
    expect(result.status).toMatchObject({ details: { causes: [{ message: '4' }] } });
    const closed = await runExec({
      command: ['sh'],
      stdin: true,
      input: [stdin('false\n'), Buffer.from([255, 0])],
    });
    expect(closed.status).toMatchObject({ details: { causes: [{ message: '1' }] } });
  });

  it('echoes typed input with a tty and turns newlines into CRLF', async () => {
    const result = await runExec({
      command: ['sh'],
      stdin: true,
      tty: true,
      input: [stdin('echo x\r'), stdin('exit\r')],
    });
    expect(result.stdout).toBe('# echo x\r\nx\r\n# exit\r\n');
  });

  it('refuses a user without create on pods/exec with 403, and unknown pods or containers', async () => {
    await expect(runExec({ command: ['echo'], user: 'viewer' })).rejects.toMatchObject({
      statusCode: 403,
      body: expect.stringContaining('cannot create resource \\"pods/exec\\"'),
    });
    await expect(runExec({ command: ['echo'], pod: 'nope' })).rejects.toMatchObject({ statusCode: 404 });
    await expect(runExec({ command: ['echo'], container: 'nope' })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(runExec({ command: ['echo'], protocols: ['channel.k8s.io'] })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('freezes sessions while hung, answers after heal, and stop() closes them', async () => {
    cluster.faults.hang();
    const pending = runExec({ command: ['echo', 'late'] });
    const other = await runExec({ command: ['echo', 'bystander'] }, bystander);
    expect(other.stdout).toBe('bystander\n');
    await cluster.faults.heal();
    expect((await pending).stdout).toBe('late\n');

    const open = new WebSocket(execUrl(cluster, { command: ['sh'], stdin: true }), ['v5.channel.k8s.io'], {
      ca: cluster.caPem,
      headers: { Authorization: `Bearer ${cluster.tokenFor('admin')}` },
    });
    await new Promise((resolve) => open.once('open', resolve));
    expect(cluster.openExecCount).toBe(1);
    const closed = new Promise<number>((resolve) => open.once('close', resolve));
    await cluster.stop();
    await closed;
    expect(cluster.openExecCount).toBe(0);
    await cluster.restart();
  });
});

describe('simulated shell tokenizer', () => {
  it('keeps quoted words whole and splits operators', () => {
    expect(tokenize(`echo "a b" 'c;d' e\\ f; x && y || z`)).toEqual([
      { word: 'echo' },
      { word: 'a b' },
      { word: 'c;d' },
      { word: 'e f' },
      { op: ';' },
      { word: 'x' },
      { op: '&&' },
      { word: 'y' },
      { op: '||' },
      { word: 'z' },
    ]);
  });
});
