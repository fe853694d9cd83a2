import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess } from './helpers/cli';
import { modify, NAMESPACE, startTestFleet, stored, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet({ clusters: 2 });
});

afterAll(async () => {
  await fleet?.stop();
});

interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  clusterName: string;
  object: { metadata: { name: string; labels?: Record<string, string> } };
}

const relabel = (name: string, value: string) =>
  modify(fleet.cluster('sim-1'), 'pods', NAMESPACE, name, (pod) => ({
    ...pod,
    metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, step: value } },
  }));

describe('flotilla watch', () => {
  it('streams changes across clusters and rides out cut watches and compacted history without repeats', async () => {
    const watch = new CliProcess([
      'watch',
      'pods',
      '-n',
      NAMESPACE,
      '-o',
      'json',
      '--kubeconfig',
      fleet.kubeconfig,
    ]);
    try {
      const events = () => watch.stdoutLines.map((line) => JSON.parse(line) as WatchLine);
      const seen = (type: string, cluster: string, name: string, step?: string) => () =>
        events().some(
          (e) =>
            e.type === type &&
            e.clusterName === cluster &&
            e.object.metadata.name === name &&
            (step === undefined || e.object.metadata.labels?.['step'] === step),
        );
      const initial = ['sim-1', 'sim-2'].flatMap((c) =>
        stored(fleet.cluster(c), '', 'v1', 'pods', NAMESPACE).map((p) => `${c}/${p.metadata.name}`),
      );
      await watch.waitFor(
        () =>
          initial.every((key) =>
            events().some((e) => e.type === 'ADDED' && `${e.clusterName}/${e.object.metadata.name}` === key),
          ),
        'the current pods of both clusters',
      );

      relabel('web-a', 'one');
      await watch.waitFor(seen('MODIFIED', 'sim-1', 'web-a', 'one'), 'a MODIFIED event');

      // A cut watch resumes from its resourceVersion: the next change arrives once.
      expect(fleet.cluster('sim-1').faults.cutWatches()).toBeGreaterThan(0);
      relabel('web-a', 'two');
      await watch.waitFor(seen('MODIFIED', 'sim-1', 'web-a', 'two'), 'a MODIFIED event after the cut');

      // History compacted while the watch is down: resuming gets 410, the informer relists and
      // reports only what changed (web-b), not every pod again.
      const expiredAt = Date.now();
      fleet.cluster('sim-1').faults.expireResourceVersions();
      fleet.cluster('sim-1').faults.cutWatches();
      relabel('web-b', 'three');
      await watch.waitFor(
        seen('MODIFIED', 'sim-1', 'web-b', 'three'),
        'the change made while history was lost',
      );
      await fleet
        .cluster('sim-1')
        .requestLog.waitFor((e) => !e.watch && e.path.includes('/pods') && e.at >= expiredAt, 20_000);
      // A change after the relist marks the point by which any repeat would have been printed.
      relabel('cache-a', 'four');
      await watch.waitFor(seen('MODIFIED', 'sim-1', 'cache-a', 'four'), 'a change after the relist');

      const sim1 = events().filter((e) => e.clusterName === 'sim-1');
      expect(sim1.filter((e) => e.type === 'ADDED')).toHaveLength(3);
      expect(
        sim1
          .filter((e) => e.type === 'MODIFIED')
          .map((e) => `${e.object.metadata.name}:${e.object.metadata.labels?.['step']}`),
      ).toEqual(['web-a:one', 'web-a:two', 'web-b:three', 'cache-a:four']);
      expect(
        events()
          .filter((e) => e.clusterName === 'sim-2')
          .map((e) => e.type),
      ).toEqual(['ADDED', 'ADDED', 'ADDED']);

      const started = performance.now();
      watch.kill('SIGINT');
      expect(await watch.exited).toBe(0);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      watch.kill('SIGKILL');
    }
  }, 90_000);

  it('prints a CLUSTER column and keeps streaming the other clusters while one refuses us', async () => {
    fleet.cluster('sim-2').faults.revokeToken('admin');
    const watch = new CliProcess(['watch', 'po', '-n', NAMESPACE, '--kubeconfig', fleet.kubeconfig]);
    try {
      await watch.waitFor(
        () => /^error: cluster sim-2: .*auth \(401 Unauthorized\)/m.test(watch.stderr),
        'the error of sim-2',
      );
      await watch.waitFor(() => watch.stdoutLines.length >= 4, 'the table of sim-1');
      expect(watch.stdoutLines[0]).toMatch(/^CLUSTER\s+EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(
        watch.stdoutLines.slice(1, 4).every((line) => /^sim-1\s+ADDED\s+\S+\s+0\/1\s+Running\s/.test(line)),
      ).toBe(true);

      await fleet.cluster('sim-2').faults.heal();
      await watch.waitFor(
        () => watch.stdoutLines.some((line) => line.startsWith('sim-2')),
        'sim-2 once it accepts us again',
        60_000,
      );
      await watch.waitFor(
        () => watch.stderr.includes('cluster sim-2: watch po resumed'),
        'sim-2 reported as resumed',
      );
      watch.kill('SIGINT');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.kill('SIGKILL');
      await fleet.cluster('sim-2').faults.heal();
    }
  }, 120_000);
});
