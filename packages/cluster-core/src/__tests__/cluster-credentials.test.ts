import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { FlotillaError } from '../errors';
import { ClusterCredentials, type ClusterCredentialsOptions } from '../node/credentials/cluster-credentials';
import { parseExecConfig, parseExecCredential } from '../node/credentials/exec-config';
import { everythingSaidBy } from './support/transport-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-creds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const owner = { clusterId: 'file:ctx', clusterName: 'ctx' };

function kubeConfigWith(cluster: Record<string, unknown>, user: Record<string, unknown> | null): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false, ...cluster }],
    users: user ? [{ name: 'u', ...user }] : [],
    contexts: [{ name: 'ctx', cluster: 'c', ...(user ? { user: 'u' } : {}) }],
    currentContext: 'ctx',
  });
  return kc;
}

const credentials = (kc: KubeConfig, options: Partial<ClusterCredentialsOptions> = {}) =>
  new ClusterCredentials(kc, { ...owner, ...options });

function thrown(fn: () => unknown): FlotillaError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FlotillaError) return error;
    throw error;
  }
  throw new Error('expected a FlotillaError');
}

/** An exec block running a node one-liner. */
const nodeExec = (script: string, env: Record<string, string> = {}) => ({
  apiVersion: 'client.authentication.k8s.io/v1',
  command: process.execPath,
  args: ['-e', script],
  env: Object.entries(env).map(([name, value]) => ({ name, value })),
});

describe('ClusterCredentials from a one-cluster KubeConfig', () => {
  it('rejects the removed azure and gcp auth-providers with a config error naming the exec plugin', () => {
    const gcp = thrown(() => credentials(kubeConfigWith({}, { authProvider: { name: 'gcp', config: {} } })));
    expect(gcp.kind).toBe('config');
    expect(gcp.message).toContain(
      'removed from client-go; use an exec plugin such as gke-gcloud-auth-plugin',
    );
    const azure = thrown(() =>
      credentials(kubeConfigWith({}, { authProvider: { name: 'azure', config: {} } })),
    );
    expect(azure.message).toContain('kubelogin');
    expect(azure.clusterId).toBe('file:ctx');
  });

  it('sends basic auth and impersonation headers, and knows the password is secret', async () => {
    const creds = credentials(
      kubeConfigWith({}, { username: 'ann', password: 'correct-horse', impersonateUser: 'bob' }),
    );
    expect(creds.authKind).toBe('basic');
    expect(await creds.authHeaders()).toEqual({
      Authorization: `Basic ${Buffer.from('ann:correct-horse').toString('base64')}`,
      'Impersonate-User': 'bob',
    });
    expect(creds.secrets()).toContain('correct-horse');
  });

  it('yields TLS material: CA, tls-server-name, insecure-skip-tls-verify, anonymous without a user', async () => {
    const caData = Buffer.from('-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n').toString(
      'base64',
    );
    const creds = credentials(
      kubeConfigWith({ caData, tlsServerName: 'api.internal', skipTLSVerify: true }, null),
    );
    expect(creds.authKind).toBe('none');
    expect(creds.tls).toMatchObject({
      server: 'https://127.0.0.1:6443',
      tlsServerName: 'api.internal',
      insecureSkipTLSVerify: true,
    });
    expect(creds.tls.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(await creds.authHeaders()).toEqual({});
  });

  it('resolves relative certificate paths against the kubeconfig directory', async () => {
    await writeFile(join(dir, 'ca.crt'), 'CA PEM');
    await writeFile(join(dir, 'client.crt'), 'CERT PEM');
    await writeFile(join(dir, 'client.key'), 'KEY PEM');
    const kc = kubeConfigWith({ caFile: 'ca.crt' }, { certFile: 'client.crt', keyFile: 'client.key' });
    const creds = credentials(kc, { kubeconfigDir: dir });
    expect(creds.tls.ca?.toString()).toBe('CA PEM');
    expect((await creds.resolve()).tls).toMatchObject({
      cert: Buffer.from('CERT PEM'),
      key: Buffer.from('KEY PEM'),
    });
  });

  it('reports unreadable files, half a client certificate and proxy-url as config errors', () => {
    const missing = thrown(() => credentials(kubeConfigWith({ caFile: join(dir, 'nope.crt') }, null)));
    expect(missing.kind).toBe('config');
    expect(missing.message).toContain('certificate-authority');
    const half = thrown(() =>
      credentials(kubeConfigWith({}, { certData: Buffer.from('x').toString('base64') })),
    );
    expect(half.kind).toBe('config');
    expect(thrown(() => credentials(kubeConfigWith({ proxyUrl: 'http://proxy:3128' }, null))).kind).toBe(
      'config',
    );
  });

  it('re-reads a token file every 60 s and after invalidate(), keeping the last good token', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'first-token-value\n');
    const clock = new ManualClock(Date.now());
    // The loader keeps `token-file` as `tokenFile` on the user; client-node itself drops it.
    const creds = credentials(kubeConfigWith({}, { tokenFile: file }), { clock });
    expect(creds.authKind).toBe('token-file');
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer first-token-value' });
    await writeFile(file, 'second-token-value');
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer first-token-value' });
    clock.advance(60_000);
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer second-token-value' });
    await writeFile(file, 'third-token-value');
    creds.invalidate();
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer third-token-value' });
    await rm(file);
    creds.invalidate();
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer third-token-value' });
  });
});

describe('exec plugin credentials', () => {
  it('caches until shortly before expirationTimestamp, then runs the plugin again', async () => {
    const clock = new ManualClock(Date.now());
    const script = `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
      status: { token: 'tok-' + process.hrtime.bigint(), expirationTimestamp: new Date(Date.now() + 120000).toISOString() } }))`;
    const creds = credentials(kubeConfigWith({}, { exec: nodeExec(script) }), { clock });
    const first = await creds.resolve();
    expect((await creds.resolve()).headers).toEqual(first.headers);
    clock.advance(100_000);
    expect((await creds.resolve()).headers).toEqual(first.headers);
    clock.advance(15_000);
    const second = await creds.resolve();
    expect(second.headers).not.toEqual(first.headers);
    expect(second.generation).toBe(first.generation + 1);
    // A 401 for the old credential must not throw away the new one.
    creds.invalidate(first.generation);
    expect((await creds.resolve()).generation).toBe(second.generation);
    creds.invalidate(second.generation);
    expect((await creds.resolve()).generation).toBe(second.generation + 1);
    creds.dispose();
  });

  it('reports a failing plugin with its stderr (redacted) but never its stdout', async () => {
    const script = `process.stdout.write('{"status":{"token":"stdout-secret-token"}}');
      process.stderr.write('login failed; token: leaked-secret-value\\n'); process.exit(3);`;
    const creds = credentials(kubeConfigWith({}, { exec: nodeExec(script) }));
    const error = await creds.resolve().then(
      () => null,
      (e: unknown) => e as FlotillaError,
    );
    expect(error?.kind).toBe('exec-plugin');
    expect(error?.message).toContain('exited with code 3');
    expect(error?.message).toContain('login failed');
    const said = everythingSaidBy(error as FlotillaError);
    expect(said).not.toContain('stdout-secret-token');
    expect(said).not.toContain('leaked-secret-value');
  });

  it('reports a missing command with its installHint', async () => {
    const exec = {
      command: join(dir, 'no-such-plugin'),
      apiVersion: 'client.authentication.k8s.io/v1',
      installHint: 'brew install it',
    };
    const error = await credentials(kubeConfigWith({}, { exec }))
      .resolve()
      .then(
        () => null,
        (e: unknown) => e as FlotillaError,
      );
    expect(error?.kind).toBe('exec-plugin');
    expect(error?.message).toContain('not found');
    expect(error?.message).toContain('brew install it');
  });

  it('validates the exec block and the ExecCredential it prints', () => {
    expect(
      thrown(() =>
        parseExecConfig({ command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' }, owner),
      ).kind,
    ).toBe('config');
    expect(parseExecConfig({ command: './bin/plugin' }, owner, '/etc/kube').command).toBe(
      '/etc/kube/bin/plugin',
    );
    expect(parseExecConfig({ command: 'kubelogin' }, owner, '/etc/kube').command).toBe('kubelogin');

    const config = parseExecConfig(
      { command: 'p', apiVersion: 'client.authentication.k8s.io/v1beta1' },
      owner,
    );
    const parse = (stdout: string) => thrown(() => parseExecCredential(stdout, config, owner));
    const notJson = parse('token=hunter2-secret');
    expect(notJson.kind).toBe('exec-plugin');
    expect(notJson.message).not.toContain('hunter2');
    expect(
      parse('{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}')
        .message,
    ).toContain('returned client.authentication.k8s.io/v1');
    const v1beta1 = (status: unknown) =>
      JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status });
    expect(parse(v1beta1({ clientCertificateData: 'c' })).message).toContain(
      'both clientCertificateData and clientKeyData',
    );
    expect(parse(v1beta1({})).message).toContain('neither a token nor a client certificate');
    expect(parseExecCredential(v1beta1({ token: 't' }), config, owner)).toEqual({ token: 't' });
  });
});
