import { afterEach, describe, expect, it } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { createFleet } from '../../fleet/fleet-operations';
import { clusterGroupTargets, clusterLabelTargets } from '../../fleet/preference-targets';
import { ClusterPreferences } from '../../preferences/cluster-preferences';
import { MemoryPreferenceStore } from '../../preferences/preference-store';
import { fakeCluster } from '../client/fake-cluster';

let manager: ClusterManager | undefined;
afterEach(() => {
  manager?.dispose();
  manager = undefined;
});

function setup() {
  manager = new ClusterManager({ connect: 'manual' });
  manager.addAll(['eu-prod', 'us-prod', 'eu-staging', 'lab'].map((name) => fakeCluster(name)));
  const preferences = new ClusterPreferences(new MemoryPreferenceStore());
  const file = (name: string, groups: unknown, labels: unknown) => {
    const scope = preferences.forCluster(`fake:${name}`);
    scope.set('cluster:groups', groups);
    scope.set('cluster:labels', labels);
  };
  file('eu-prod', ['prod', 'eu'], { env: 'prod', region: 'eu' });
  file('us-prod', ['prod'], { env: 'prod', region: 'us' });
  file('eu-staging', ['staging'], { env: 'staging', region: 'eu' });
  // A hand-edited file of the wrong shape counts as "not filed", never as a crash.
  file('lab', 'prod', ['env=prod']);
  return { fleet: createFleet(manager), preferences };
}

const names = (entries: ReadonlyArray<{ clusterName: string }>) => entries.map((e) => e.clusterName);

describe('targets from cluster groups and labels', () => {
  it('works on the clusters filed under a group, and only on them', async () => {
    const { fleet, preferences } = setup();
    const touched: string[] = [];
    const result = await fleet.run(clusterGroupTargets(preferences, 'prod'), (session) => {
      touched.push(session.clusterName);
      return Promise.resolve(session.clusterName);
    });
    expect(names(result.entries)).toEqual(['eu-prod', 'us-prod']);
    expect(touched.sort()).toEqual(['eu-prod', 'us-prod']);
    expect(result.partial).toBe(false);

    // Read when the call plans its targets: a cluster filed later is in the next call.
    preferences.forCluster('fake:eu-staging').set('cluster:groups', ['staging', 'prod']);
    const again = await fleet.run(clusterGroupTargets(preferences, 'prod'), () => Promise.resolve(1));
    expect(names(again.entries)).toEqual(['eu-prod', 'us-prod', 'eu-staging']);

    const none = await fleet.run(clusterGroupTargets(preferences, 'qa'), () => Promise.resolve(1));
    expect(none.entries).toEqual([]);
  });

  it('works on the clusters whose labels match a selector', async () => {
    const { fleet, preferences } = setup();
    const run = (selector: string) =>
      fleet.run(clusterLabelTargets(preferences, selector), (s) => Promise.resolve(s.clusterId));
    expect(names((await run('env=prod')).entries)).toEqual(['eu-prod', 'us-prod']);
    expect(names((await run('region in (eu),env!=prod')).entries)).toEqual(['eu-staging']);
    expect(names((await run('!region')).entries)).toEqual(['lab']);
    expect(names((await run('')).entries)).toEqual(['eu-prod', 'us-prod', 'eu-staging', 'lab']);
  });

  it('refuses a selector that does not parse before any cluster is asked', () => {
    const { preferences } = setup();
    expect(() => clusterLabelTargets(preferences, 'env in prod')).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        clusterId: '',
        clusterName: 'fleet',
        message: expect.stringContaining('env in prod') as string,
      }),
    );
  });
});
