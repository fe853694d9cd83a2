import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeconfigSources } from '../node/kubeconfig/load-kubeconfig-sources';
import type { KubeconfigUser } from '../node/kubeconfig/build-cluster';
import type { DiscoveredCluster } from '../node/kubeconfig/types';
import { kubeconfigYaml, makeTempDir, mergeFixtures, simpleContext } from './helpers/kubeconfig-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

async function writeKubeconfig(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text, { mode: 0o600 });
  return file;
}

const byName = (clusters: DiscoveredCluster[], name: string) =>
  clusters.filter((c) => c.clusterName === name);
const userOf = (cluster: DiscoveredCluster) => cluster.kubeConfig.getCurrentUser() as KubeconfigUser | null;

describe('loadKubeconfigSources: files', () => {
  it('makes one cluster per context with a stable id, source and namespace', async () => {
    const file = await writeKubeconfig(
      'a',
      kubeconfigYaml(
        mergeFixtures(
          simpleContext('dev', 'https://dev.example:6443/', 'tok-dev', 'team'),
          simpleContext('prod', 'https://prod.example', 'tok-prod'),
        ),
      ),
    );
    const { clusters, errors } = await loadKubeconfigSources(file);
    expect(errors).toEqual([]);
    expect(clusters.map((c) => c.clusterId)).toEqual([`${file}:dev`, `${file}:prod`]);
    const [dev] = clusters;
    expect(dev).toMatchObject({
      clusterName: 'dev',
      source: { type: 'kubeconfig', path: file, context: 'dev' },
      server: 'https://dev.example:6443',
      insecureSkipTLSVerify: false,
      namespace: 'team',
      error: null,
    });
    expect(clusters[1]?.namespace).toBeNull();
    const again = await loadKubeconfigSources(file);
    expect(again.clusters.map((c) => [c.clusterId, c.fingerprint])).toEqual(
      clusters.map((c) => [c.clusterId, c.fingerprint]),
    );
  });

  it('resolves a context from its own file first, then from the first file that defines the name', async () => {
    const a = await writeKubeconfig(
      'a',
      kubeconfigYaml({
        clusters: [{ name: 'shared', cluster: { server: 'https://a.example' } }],
        users: [{ name: 'u', user: { token: 'tok-from-a' } }],
        contexts: [
          { name: 'ctx-a', cluster: 'shared', user: 'u' },
          { name: 'uses-b-cluster', cluster: 'only-in-b', user: 'u' },
        ],
      }),
    );
    const b = await writeKubeconfig(
      'b',
      kubeconfigYaml({
        clusters: [
          { name: 'shared', cluster: { server: 'https://b.example' } },
          { name: 'only-in-b', cluster: { server: 'https://only-b.example' } },
        ],
        users: [{ name: 'u', user: { token: 'tok-from-b' } }],
        contexts: [{ name: 'ctx-b', cluster: 'shared', user: 'u' }],
      }),
    );
    const { clusters, errors } = await loadKubeconfigSources([a, b].join(path.delimiter));
    expect(errors).toEqual([]);
    const ctxB = byName(clusters, 'ctx-b')[0];
    expect(ctxB?.clusterId).toBe(`${b}:ctx-b`);
    // kubectl's merge would hand ctx-b file a's server and token; a context keeps its own file's.
    expect(ctxB?.server).toBe('https://b.example');
    expect(userOf(ctxB as DiscoveredCluster)?.token).toBe('tok-from-b');
    expect(byName(clusters, 'ctx-a')[0]?.server).toBe('https://a.example');
    // A name its own file does not define is found in another file, first file first.
    expect(byName(clusters, 'uses-b-cluster')[0]?.server).toBe('https://only-b.example');
  });

  it('skips missing files silently and confines a malformed file to its own error', async () => {
    const good = await writeKubeconfig(
      'good',
      kubeconfigYaml(simpleContext('ok', 'https://ok.example', 'tok-ok')),
    );
    const bad = await writeKubeconfig(
      'bad',
      'users:\n- name: leak\n  user: {token: "super-secret-token", \n',
    );
    const list = [path.join(dir, 'absent'), bad, '', good].join(path.delimiter);
    const { clusters, errors } = await loadKubeconfigSources(list);
    expect(clusters.map((c) => c.clusterId)).toEqual([`${good}:ok`]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.source).toBe(bad);
    expect(errors[0]?.error.kind).toBe('config');
    expect(errors[0]?.error.message).toMatch(/not valid YAML.*line \d+/);
    expect(JSON.stringify(errors[0]?.error.toJSON())).not.toContain('super-secret-token');
  });

  it('keeps same-named contexts of two files as two clusters', async () => {
    const a = await writeKubeconfig(
      'one/config',
      kubeconfigYaml(simpleContext('prod', 'https://one.example', 'tok-one')),
    );
    const b = await writeKubeconfig(
      'two/config',
      kubeconfigYaml({
        clusters: [{ name: 'prod-two', cluster: { server: 'https://two.example' } }],
        users: [{ name: 'admin-two', user: { token: 'tok-two' } }],
        contexts: [{ name: 'prod', cluster: 'prod-two', user: 'admin-two' }],
      }),
    );
    const { clusters } = await loadKubeconfigSources([a, b]);
    const prods = byName(clusters, 'prod');
    expect(prods.map((c) => c.clusterId)).toEqual([`${a}:prod`, `${b}:prod`]);
    expect(prods.map((c) => c.server)).toEqual(['https://one.example', 'https://two.example']);
    expect(prods.map((c) => userOf(c)?.token)).toEqual(['tok-one', 'tok-two']);
  });

  it('resolves relative file references and exec commands with a slash against the file directory', async () => {
    const file = await writeKubeconfig(
      'nested/dir/config',
      kubeconfigYaml({
        clusters: [
          { name: 'c', cluster: { server: 'https://c.example', 'certificate-authority': 'ca.pem' } },
        ],
        users: [
          {
            name: 'files',
            user: {
              'client-certificate': 'certs/client.pem',
              'client-key': '../key.pem',
              'token-file': 'token',
            },
          },
          {
            name: 'plugin',
            user: {
              exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin', args: ['x'] },
            },
          },
          {
            name: 'on-path',
            user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubelogin' } },
          },
        ],
        contexts: [
          { name: 'files', cluster: 'c', user: 'files' },
          { name: 'plugin', cluster: 'c', user: 'plugin' },
          { name: 'on-path', cluster: 'c', user: 'on-path' },
        ],
      }),
    );
    const base = path.dirname(file);
    const { clusters } = await loadKubeconfigSources(path.relative(process.cwd(), file));
    const [files, plugin, onPath] = clusters;
    expect(files?.clusterId).toBe(`${file}:files`);
    expect(files?.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(base, 'ca.pem'));
    expect(userOf(files as DiscoveredCluster)).toMatchObject({
      certFile: path.join(base, 'certs/client.pem'),
      keyFile: path.join(base, '../key.pem'),
      tokenFile: path.join(base, 'token'),
    });
    expect(userOf(plugin as DiscoveredCluster)?.exec).toMatchObject({
      command: path.join(base, 'bin/plugin'),
      args: ['x'],
    });
    expect(userOf(onPath as DiscoveredCluster)?.exec).toMatchObject({ command: 'kubelogin' });
  });

  it('reads an empty file as no clusters and reports a context whose cluster is missing', async () => {
    const empty = await writeKubeconfig('empty', '# nothing yet\n');
    const dangling = await writeKubeconfig(
      'dangling',
      kubeconfigYaml({ contexts: [{ name: 'lost', cluster: 'nowhere' }] }),
    );
    const { clusters, errors } = await loadKubeconfigSources([empty, dangling]);
    expect(clusters).toEqual([]);
    expect(errors.map((e) => [e.source, e.context, e.error.kind])).toEqual([[dangling, 'lost', 'config']]);
  });

  it('loads a legacy gcp/azure auth-provider user but marks the cluster with a config error', async () => {
    const file = await writeKubeconfig(
      'legacy',
      kubeconfigYaml({
        clusters: [{ name: 'gke', cluster: { server: 'https://gke.example' } }],
        users: [
          {
            name: 'g',
            user: { 'auth-provider': { name: 'gcp', config: { 'access-token': 'ya29.secret' } } },
          },
        ],
        contexts: [{ name: 'gke', cluster: 'gke', user: 'g' }],
      }),
    );
    const { clusters, errors } = await loadKubeconfigSources(file);
    expect(errors).toEqual([]);
    expect(clusters[0]?.error?.kind).toBe('config');
    expect(clusters[0]?.error?.message).toMatch(/auth-provider.*gke-gcloud-auth-plugin/);
  });
});

describe('loadKubeconfigSources: pasted YAML', () => {
  it('identifies clusters by label and context', async () => {
    const yaml = kubeconfigYaml(
      mergeFixtures(
        simpleContext('a', 'https://a.example', 'tok-a'),
        simpleContext('b', 'https://b.example', 'tok-b'),
      ),
    );
    const { clusters, errors } = await loadKubeconfigSources({ yaml, label: 'from-ci' });
    expect(errors).toEqual([]);
    expect(clusters.map((c) => c.clusterId)).toEqual(['paste:from-ci:a', 'paste:from-ci:b']);
    expect(clusters[1]?.source).toEqual({ type: 'kubeconfig-string', label: 'from-ci', context: 'b' });
  });

  it('turns pasted garbage into one config error', async () => {
    const { clusters, errors } = await loadKubeconfigSources({ yaml: '- just\n- a list\n', label: 'oops' });
    expect(clusters).toEqual([]);
    expect(errors.map((e) => [e.source, e.error.kind])).toEqual([['paste:oops', 'config']]);
  });
});

describe('per-cluster KubeConfig', () => {
  it('holds only its own context, cluster and user, and cannot be re-pointed', async () => {
    const file = await writeKubeconfig(
      'fleet',
      kubeconfigYaml(
        mergeFixtures(
          simpleContext('one', 'https://one.example', 'tok-one-aaaa'),
          simpleContext('two', 'https://two.example', 'tok-two-bbbb'),
          simpleContext('three', 'https://three.example', 'tok-three-cccc'),
        ),
      ),
    );
    const { clusters } = await loadKubeconfigSources(file);
    const tokens = ['tok-one-aaaa', 'tok-two-bbbb', 'tok-three-cccc'];
    clusters.forEach((cluster, index) => {
      const kc = cluster.kubeConfig;
      expect(kc.getContexts().map((c) => c.name)).toEqual([cluster.clusterName]);
      expect(kc.getCurrentContext()).toBe(cluster.clusterName);
      expect(kc.getUsers()).toHaveLength(1);
      const exported = kc.exportConfig();
      expect(exported).toContain(tokens[index]);
      for (const other of tokens.filter((_, i) => i !== index)) expect(exported).not.toContain(other);
      expect(cluster.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(() => kc.setCurrentContext('two')).toThrow(TypeError);
      expect(() => kc.addUser({ name: 'intruder', token: 'x' } as never)).toThrow(TypeError);
      expect(() =>
        kc.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: 'two' }),
      ).toThrow(TypeError);
      expect(kc.getCurrentContext()).toBe(cluster.clusterName);
    });
  });

  it('changes its fingerprint when the token changes, never showing it', async () => {
    const file = await writeKubeconfig(
      'rot',
      kubeconfigYaml(simpleContext('c', 'https://c.example', 'tok-before')),
    );
    const before = (await loadKubeconfigSources(file)).clusters[0]?.fingerprint;
    await writeFile(file, kubeconfigYaml(simpleContext('c', 'https://c.example', 'tok-after')));
    const after = (await loadKubeconfigSources(file)).clusters[0]?.fingerprint;
    expect(after).not.toBe(before);
    expect(after).not.toContain('tok-after');
  });
});
