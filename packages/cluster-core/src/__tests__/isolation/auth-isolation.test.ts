import { credentialFingerprint } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { FlotillaError } from '../../errors';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness;
afterEach(() => h?.close());

const authEvents = (harness: FleetHarness, clusterId: string) =>
  harness.events.filter((e) => e.type.startsWith('cluster:auth:') && e.payload['clusterId'] === clusterId);

describe('auth isolation', () => {
  it('an auth failure in A leaves B working, and the 401 Status body is parsed', async () => {
    h = await startFleetHarness({ clusters: 2 });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    await h.waitFor(
      'cluster:connection:changed',
      (e) => e.clusterId === b.clusterId && e.state === 'connected',
    );
    h.fleet.cluster('sim-1').faults.revokeToken('admin');

    const failed = h.waitFor('cluster:auth:failed', (e) => e.clusterId === a.clusterId);
    const error = await a.request({ path: '/api/v1/pods' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error).toMatchObject({
      kind: 'auth',
      clusterId: a.clusterId,
      status: 401,
      statusBody: { reason: 'Unauthorized', code: 401 },
    });
    expect(await failed).toMatchObject({ clusterId: a.clusterId, clusterName: 'sim-1' });

    const fromB = await b.request<{ items: unknown[] }>({ path: '/api/v1/pods' });
    expect(fromB.body.items).toHaveLength(5);
    expect(b.getSnapshot().auth).toBe('valid');
    expect(['recovering', 'invalid']).toContain(a.getSnapshot().auth);
    expect(authEvents(h, b.clusterId)).toEqual([]);
  });

  it('schedules auth recovery per cluster: two failures in A start one loop, B runs its own', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    h.fleet.cluster('sim-1').faults.revokeToken('admin');
    h.fleet.cluster('sim-2').faults.revokeToken('admin');
    await Promise.allSettled([
      a.request({ path: '/api/v1/pods' }),
      a.request({ path: '/api/v1/namespaces' }),
    ]);
    await h.waitFor('cluster:auth:progress', (e) => e.clusterId === a.clusterId && e.attempt === 1);
    expect(authEvents(h, a.clusterId).filter((e) => e.type === 'cluster:auth:failed')).toHaveLength(1);
    expect(
      authEvents(h, a.clusterId).filter(
        (e) => e.type === 'cluster:auth:recovering' && e.payload['attempt'] === 1,
      ),
    ).toHaveLength(1);
    expect(authEvents(h, b.clusterId)).toEqual([]);

    await b.request({ path: '/api/v1/pods' }).catch(() => undefined);
    await h.waitFor('cluster:auth:progress', (e) => e.clusterId === b.clusterId);
    expect(a.authRecovery).not.toBe(b.authRecovery);

    h.fleet.cluster('sim-2').faults.restoreToken('admin');
    await h.waitFor('cluster:auth:recovered', (e) => e.clusterId === b.clusterId, 5000);
    expect(b.getSnapshot().auth).toBe('valid');
    expect(['recovering', 'invalid']).toContain(a.getSnapshot().auth);
  });

  it('recovery in A rebuilds only A’s credentials: A’s exec plugin runs again, B’s never does', async () => {
    h = await startFleetHarness({ clusters: 2, execCredentialClusters: ['sim-1', 'sim-2'] });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    await Promise.all(
      [a, b].map((s) => h.waitFor('cluster:health:healthy', (e) => e.clusterId === s.clusterId)),
    );
    const plugin = h.fleet.execPlugin;
    const [aRuns, bRuns] = [await plugin.invocations('sim-1'), await plugin.invocations('sim-2')];
    expect(bRuns).toBe(1);

    // A's server stops accepting the credential A's plugin hands out: A's cached token is now stale.
    const failed = h.waitFor('cluster:auth:failed', (e) => e.clusterId === a.clusterId, 5000);
    const fresh = h.fleet.cluster('sim-1').faults.rotateToken('exec-user');
    await failed;
    // The user logs in again: the plugin prints the new token, and A's next probe picks it up.
    const recovered = h.waitFor('cluster:auth:recovered', (e) => e.clusterId === a.clusterId, 5000);
    await plugin.setToken('sim-1', fresh);
    await recovered;

    expect(await plugin.invocations('sim-1')).toBeGreaterThan(aRuns); // fresh credentials for A
    expect(await plugin.invocations('sim-2')).toBe(bRuns);
    expect(authEvents(h, b.clusterId)).toEqual([]);
    expect(h.events.filter((e) => e.type.startsWith('cluster:transport:'))).toEqual([]);
    expect(b.getSnapshot()).toMatchObject({ auth: 'valid', health: 'healthy', connection: 'connected' });
    expect((await a.request({ path: '/api/v1/namespaces' })).status).toBe(200);
    expect(h.fleet.cluster('sim-1').requestLog.all().at(-1)?.user).toBe('exec-user');
  });

  it('retryAuth(A) touches only A', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    h.fleet.cluster('sim-1').faults.revokeToken('admin');
    await a.request({ path: '/api/v1/pods' }).catch(() => undefined);
    await h.waitFor('cluster:auth:progress', (e) => e.clusterId === a.clusterId);
    h.fleet.cluster('sim-1').faults.restoreToken('admin');
    const before = h.fleet.cluster('sim-2').requestLog.all().length;
    h.manager.retryAuth(a.clusterId);
    await h.waitFor('cluster:auth:recovered', (e) => e.clusterId === a.clusterId, 3000);
    expect(a.getSnapshot().auth).toBe('valid');
    expect(authEvents(h, b.clusterId)).toEqual([]);
    expect(h.fleet.cluster('sim-2').requestLog.all().length).toBe(before);
    expect(b.getSnapshot().auth).toBe('unknown');
  });

  it('never sends one cluster’s token to another (no setCurrentContext bleed)', async () => {
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual' });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.session(`sim-${(i % 3) + 1}`).request({ path: '/api/v1/namespaces' }),
      ),
    );
    for (const cluster of h.fleet.clusters) {
      const own = credentialFingerprint(cluster.tokenFor('admin'));
      const others = h.fleet.clusters
        .filter((c) => c !== cluster)
        .map((c) => credentialFingerprint(c.tokenFor('admin')));
      const seen = new Set(cluster.requestLog.all().map((e) => e.credential));
      expect(seen.has(own)).toBe(true);
      for (const other of others) expect(seen.has(other)).toBe(false);
    }
  });

  it('an exec plugin that hangs times out for its cluster only', async () => {
    h = await startFleetHarness(
      { clusters: 2, execCredentialClusters: ['sim-1'] },
      { connect: 'manual' },
      { credentials: { execTimeoutMs: 400 } },
    );
    await h.fleet.execPlugin.setMode('sim-1', 'hang');
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    const started = Date.now();
    const pending = a.request({ path: '/api/v1/pods' }).catch((e: unknown) => e);
    const fromB = await Promise.all(Array.from({ length: 5 }, () => b.request({ path: '/api/v1/pods' })));
    expect(fromB.every((r) => r.status === 200)).toBe(true);
    const error = await pending;
    expect(error).toMatchObject({ kind: 'exec-plugin', clusterId: a.clusterId });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(JSON.stringify((error as FlotillaError).toJSON())).not.toContain(
      h.fleet.cluster('sim-1').tokenFor('exec-user'),
    );
  });
});
