import { open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlotillaError } from '../errors';
import { loadKubeconfigSources } from '../node/kubeconfig/load-kubeconfig-sources';
import { ManualClusterStore } from '../node/kubeconfig/manual-clusters';
import type { ManualClusterSpec } from '../node/kubeconfig/manual-cluster-spec';
import { makeTempDir } from './helpers/kubeconfig-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'flotilla', 'clusters.kubeconfig');
});
afterEach(() => cleanup());

const FAKE_CA = '-----BEGIN CERTIFICATE-----\nMIIBfakecertificate\n-----END CERTIFICATE-----\n';
const FAKE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfakekey\n-----END PRIVATE KEY-----\n';
const spec = (name: string, extra: Partial<ManualClusterSpec> = {}): ManualClusterSpec => ({
  name,
  server: 'https://10.0.0.1:6443/',
  caData: FAKE_CA,
  token: 'manual-token-123456',
  ...extra,
});

async function configError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isFlotillaError(error)) throw new Error(`expected a FlotillaError, got ${String(error)}`);
  expect(error.kind).toBe('config');
  return error.message;
}

describe('ManualClusterStore', () => {
  it('adds a cluster to a private kubeconfig and lists it again after a restart', async () => {
    const store = new ManualClusterStore(file);
    const added = await store.add(spec('lab'));
    expect(added).toMatchObject({
      clusterId: 'manual:lab',
      clusterName: 'lab',
      source: { type: 'manual', server: 'https://10.0.0.1:6443' },
      server: 'https://10.0.0.1:6443',
      error: null,
    });
    expect(added.kubeConfig.getCurrentUser()?.token).toBe('manual-token-123456');
    expect(Buffer.from(added.kubeConfig.getCurrentCluster()?.caData ?? '', 'base64').toString()).toBe(
      FAKE_CA,
    );

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const reloaded = await new ManualClusterStore(file).list();
    expect(reloaded.map((c) => [c.clusterId, c.fingerprint])).toEqual([['manual:lab', added.fingerprint]]);
    // The file is an ordinary kubeconfig other tools can read.
    expect((await loadKubeconfigSources(file)).clusters.map((c) => c.clusterName)).toEqual(['lab']);
  });

  it('writes by rename, leaves no temporary files and loses no concurrent add', async () => {
    const store = new ManualClusterStore(file);
    await store.add(spec('first'));
    const before = await readFile(file, 'utf8');
    // A reader holding the old file keeps seeing it whole: the new content arrived by rename, not in place.
    const reader = await open(file, 'r');
    try {
      await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.add(spec(name))));
      expect((await stat(file)).ino).not.toBe((await reader.stat()).ino);
      expect(await reader.readFile('utf8')).toBe(before);
    } finally {
      await reader.close();
    }
    expect(await readdir(path.dirname(file))).toEqual(['clusters.kubeconfig']);
    expect((await store.list()).map((c) => c.clusterName)).toEqual(['first', 'a', 'b', 'c', 'd']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('accepts a client certificate and key, as PEM or base64', async () => {
    const store = new ManualClusterStore(file);
    const added = await store.add(
      spec('certs', {
        token: undefined,
        clientCertificateData: Buffer.from(FAKE_CA).toString('base64'),
        clientKeyData: FAKE_KEY,
      }),
    );
    const user = added.kubeConfig.getCurrentUser();
    expect(Buffer.from(user?.certData ?? '', 'base64').toString()).toBe(FAKE_CA);
    expect(Buffer.from(user?.keyData ?? '', 'base64').toString()).toBe(FAKE_KEY);
  });

  it('refuses invalid input with config errors that quote no secret', async () => {
    const store = new ManualClusterStore(file);
    await store.add(spec('taken'));
    const messages = await Promise.all([
      configError(store.add(spec('bad-url', { server: 'not a url' }))),
      configError(store.add(spec('plain-http', { server: 'http://10.0.0.1' }))),
      configError(store.add(spec('userinfo', { server: 'https://me:pw@10.0.0.1' }))),
      configError(store.add(spec('no-creds', { token: undefined }))),
      configError(store.add(spec('half-cert', { token: undefined, clientCertificateData: FAKE_CA }))),
      configError(store.add(spec('bad-ca', { caData: 'not pem' }))),
      configError(store.add(spec('ca-and-insecure', { insecureSkipTLSVerify: true }))),
      configError(store.add(spec('bad:name/'))),
      configError(store.add(spec('taken', { token: 'another-token-987654' }))),
    ]);
    expect(messages[8]).toMatch(/already exists/);
    for (const message of messages) expect(message).not.toMatch(/manual-token-123456|another-token-987654/);
    expect((await store.list()).map((c) => c.clusterName)).toEqual(['taken']);
  });

  it('allows insecureSkipTLSVerify without a CA and marks the cluster so', async () => {
    const added = await new ManualClusterStore(file).add(
      spec('insecure', { caData: undefined, insecureSkipTLSVerify: true }),
    );
    expect(added.insecureSkipTLSVerify).toBe(true);
  });

  it('removes a cluster by id and reports unknown ids', async () => {
    const store = new ManualClusterStore(file);
    await store.add(spec('keep'));
    await store.add(spec('drop'));
    expect(await store.remove('manual:drop')).toBe(true);
    expect(await store.remove('manual:drop')).toBe(false);
    expect(await store.remove(`${file}:keep`)).toBe(false);
    expect((await new ManualClusterStore(file).list()).map((c) => c.clusterId)).toEqual(['manual:keep']);
    expect(await readFile(file, 'utf8')).not.toContain('drop');
  });

  it('never overwrites a file it cannot parse', async () => {
    await new ManualClusterStore(file).add(spec('first'));
    await writeFile(file, '{ "clusters": [ broken');
    const store = new ManualClusterStore(file);
    await configError(store.list());
    await configError(store.add(spec('second')));
    expect(await readFile(file, 'utf8')).toBe('{ "clusters": [ broken');
  });

  it('gives a KubeConfig that talks to a real server', async () => {
    const sim = await SimulatedCluster.start({
      name: 'manual-sim',
      workload: { namespaces: 2, nodes: 1, pods: 1 },
    });
    try {
      const added = await new ManualClusterStore(file).add({
        name: 'sim',
        server: sim.url,
        caData: sim.caPem,
        token: sim.tokenFor('viewer'),
      });
      const namespaces = await added.kubeConfig.makeApiClient(CoreV1Api).listNamespace();
      expect(namespaces.items.length).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });
});
