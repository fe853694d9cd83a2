import path from 'node:path';
import { writePrivateFile } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterManager } from '../cluster-manager';
import { KubeconfigSync } from '../node/kubeconfig-sync';
import type { KubeconfigDiff } from '../node/kubeconfig/kubeconfig-watcher';
import {
  CallbackQueue,
  kubeconfigYaml,
  makeTempDir,
  mergeFixtures,
  simpleContext,
} from './helpers/kubeconfig-fixtures';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('KubeconfigSync', () => {
  it('keeps its errors in step with the watched files, confined to the broken context', async () => {
    const { dir, cleanup } = await makeTempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'config');
    const good = simpleContext('alpha', 'https://alpha.example', 'tok-alpha');
    const broken = {
      clusters: [{ name: 'beta', cluster: { server: 'https://beta.example' } }],
      users: [],
      contexts: [{ name: 'beta', cluster: 'beta', user: 'nobody' }],
    };
    await writePrivateFile(file, kubeconfigYaml(mergeFixtures(good, broken)));

    const manager = new ClusterManager({ connect: 'manual' });
    const changes = new CallbackQueue<KubeconfigDiff>();
    const sync = await KubeconfigSync.start(manager, {
      kubeconfig: file,
      watch: true,
      debounceMs: 40,
      onChange: changes.push,
    });
    cleanups.push(
      () => manager.dispose(),
      () => sync.close(),
    );

    // The context naming an unknown user is listed, but unusable until the user is defined; it says why.
    expect(manager.list().map((s) => s.clusterName)).toEqual(['alpha', 'beta']);
    expect(sync.errors.map((e) => [e.context, e.error.kind])).toEqual([['beta', 'config']]);
    expect(sync.errors[0]?.error.message).toContain('user "nobody" is not defined');
    const beta = manager.list()[1];
    await expect(beta?.request({ path: '/api' })).rejects.toMatchObject({
      kind: 'config',
      clusterName: 'beta',
    });

    await writePrivateFile(
      file,
      kubeconfigYaml(mergeFixtures(good, simpleContext('beta', 'https://beta.example', 'tok-beta'))),
    );
    await changes.next('the repaired file');
    expect(sync.errors).toEqual([]);
  });

  it('reports a removed azure or gcp auth-provider through onSourceErrors when loading once', async () => {
    const { dir, cleanup } = await makeTempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'config');
    await writePrivateFile(
      file,
      kubeconfigYaml({
        clusters: [{ name: 'aks', cluster: { server: 'https://aks.example' } }],
        users: [{ name: 'a', user: { 'auth-provider': { name: 'azure', config: { 'access-token': 'x' } } } }],
        contexts: [{ name: 'aks', cluster: 'aks', user: 'a' }],
      }),
    );
    const manager = new ClusterManager({ connect: 'manual' });
    cleanups.push(() => manager.dispose());
    const reported: string[] = [];
    const sync = await KubeconfigSync.start(manager, {
      kubeconfig: file,
      onSourceErrors: (errors) => reported.push(...errors.map((e) => `${e.context}: ${e.error.message}`)),
    });
    expect(reported).toEqual([expect.stringMatching(/^aks: .*"azure" auth-provider.*kubelogin/) as string]);
    expect(sync.errors).toHaveLength(1);
    expect(manager.list().map((s) => s.clusterName)).toEqual(['aks']);
  });
});
