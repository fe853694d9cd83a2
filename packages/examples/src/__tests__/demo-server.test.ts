import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGE_SUBPROTOCOL,
  BridgeCloseCode,
  encodeBridgeToken,
  MemoryPreferenceStore,
} from '@flotilla/cluster-core';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { startDemo, type Demo, type DemoConfig } from '../demo/start-demo';

const FAST = { heartbeat: { intervalMs: 500, timeoutMs: 1_000, jitter: 0.1 } };

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

describe('demo server over real clusters (a kubeconfig)', () => {
  let fleet: SimulatedFleet;
  let demo: Demo;

  beforeAll(async () => {
    fleet = await startSimulatedFleet({ clusters: 3, podsPerCluster: 5 });
    demo = await startDemo({
      kubeconfig: fleet.kubeconfigPath,
      port: 0,
      serveConsole: false,
      preferences: new MemoryPreferenceStore(),
      session: FAST,
    });
  });
  afterAll(async () => {
    await demo?.close();
    await fleet?.stop();
  });

  it('connects nothing until the user selects a cluster, then only that one', async () => {
    const sessions = demo.manager.list();
    expect(sessions).toHaveLength(3);
    expect(sessions.map((s) => s.getSnapshot().connection)).toEqual(['idle', 'idle', 'idle']);
    const second = sessions[1]!;
    demo.manager.setActive(second.clusterId);
    await expect.poll(() => second.getSnapshot().connection, { timeout: 10_000 }).toBe('connected');
    expect(sessions[0]!.getSnapshot().connection).toBe('idle');
    expect(sessions[2]!.getSnapshot().connection).toBe('idle');
  });

  it('tells the console it is not simulated and offers no chaos', async () => {
    const config = await getJson(`${demo.url}demo/config.json`);
    expect((config.body as DemoConfig).simulated).toBe(false);
    // The access token travels only in the printed URL's fragment, never from an endpoint.
    expect(JSON.stringify(config.body)).not.toContain(demo.token);
    const chaos = await getJson(`${demo.url}demo/chaos`);
    expect(chaos.status).toBe(404);
    expect(demo.simulated).toBeNull();
  });
});

describe('demo server over its simulated fleet', () => {
  let demo: Demo;
  let token: string;

  beforeAll(async () => {
    // The default fleet (five clusters), with few pods and no churn to keep the test light.
    demo = await startDemo({
      port: 0,
      podsPerCluster: 5,
      churnPerSecond: 0,
      serveConsole: false,
      session: FAST,
    });
    token = demo.token;
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('simulates five clusters: sim-2 OpenShift, sim-3 through an exec credential plugin, in groups', async () => {
    const fleet = demo.simulated as SimulatedFleet;
    const sessions = demo.manager.list();
    expect(sessions.map((s) => s.clusterName)).toEqual(['sim-1', 'sim-2', 'sim-3', 'sim-4', 'sim-5']);
    await Promise.all(sessions.map((session) => session.connect()));
    const byName = Object.fromEntries(sessions.map((s) => [s.clusterName, s.getSnapshot()]));
    for (const name of ['sim-1', 'sim-2', 'sim-3', 'sim-4', 'sim-5']) {
      expect(byName[name]?.connection, name).toBe('connected');
      expect(byName[name]?.auth, name).toBe('valid');
      expect(byName[name]?.metadata.platform, name).toBe(name === 'sim-2' ? 'openshift' : 'kubernetes');
    }
    expect(byName['sim-2']?.metadata.openshiftVersion).toMatch(/^4\./);
    expect(await fleet.execPlugin.invocations('sim-3')).toBeGreaterThan(0);
    expect(await fleet.execPlugin.invocations('sim-1')).toBe(0);

    const config = (await getJson(`${demo.url}demo/config.json`)).body as DemoConfig;
    expect(config.simulated).toBe(true);
    const groupOf = (name: string) => config.groups[sessions.find((s) => s.clusterName === name)!.clusterId];
    expect(['sim-1', 'sim-2', 'sim-3', 'sim-4', 'sim-5'].map(groupOf)).toEqual([
      'production',
      'production',
      'staging',
      'staging',
      'development',
    ]);
  });

  it('refuses chaos without the token', async () => {
    const refused = await getJson(`${demo.url}demo/chaos`, {
      method: 'POST',
      body: JSON.stringify({ cluster: 'sim-1', action: 'hang' }),
    });
    expect(refused.status).toBe(401);
    expect(demo.simulated?.cluster('sim-1').faults.active()).toEqual([]);
  });

  it('breaks and heals one named cluster and reports unknown clusters and actions', async () => {
    const headers = { 'x-flotilla-token': token, 'content-type': 'application/json' };
    const post = (body: unknown) =>
      getJson(`${demo.url}demo/chaos`, { method: 'POST', headers, body: JSON.stringify(body) });
    const hung = await post({ cluster: 'sim-1', action: 'hang' });
    expect(hung.status).toBe(200);
    expect((hung.body as { faults: string[] }).faults).toContain('hang');
    expect(demo.simulated?.cluster('sim-2').faults.active()).toEqual([]);
    const revoked = await post({ cluster: 'sim-2', action: 'revoke-token' });
    expect((revoked.body as { faults: string[] }).faults.some((f) => f.startsWith('revoked:'))).toBe(true);
    const faultsAfter = async (cluster: string, action: string) => {
      const response = await post({ cluster, action });
      expect(response.status, `${action} ${cluster}`).toBe(200);
      return (response.body as { faults: string[] }).faults;
    };
    expect(await faultsAfter('sim-2', 'restore-token')).toEqual([]);
    expect(await faultsAfter('sim-3', 'refuse')).toEqual(['refuse']);
    expect(await faultsAfter('sim-4', 'slow')).toEqual(['latency:1500']);
    expect(await faultsAfter('sim-5', 'throttle')).toEqual(['throttle:2']);
    // Cutting watches is a one-off: nothing stays in effect.
    expect(await faultsAfter('sim-5', 'cut-watches')).toEqual(['throttle:2']);
    for (const name of ['sim-3', 'sim-4', 'sim-5']) expect(await faultsAfter(name, 'heal')).toEqual([]);
    // GET reports every cluster's faults.
    const state = await getJson(`${demo.url}demo/chaos`, { headers });
    expect((state.body as Array<{ name: string; faults: string[] }>).find((c) => c.name === 'sim-1')).toEqual(
      {
        name: 'sim-1',
        faults: ['hang'],
      },
    );
    expect((await post({ cluster: 'sim-9', action: 'hang' })).status).toBe(404);
    expect((await post({ cluster: 'sim-1', action: 'explode' })).status).toBe(400);
    expect((await post({ cluster: 'sim-1', action: 'heal' })).body).toEqual({ name: 'sim-1', faults: [] });
    expect((await post({ cluster: 'sim-2', action: 'heal' })).body).toEqual({ name: 'sim-2', faults: [] });
  });

  it('serves the bridge to pages of its own origin only, and never without the token', async () => {
    const { default: WebSocket } = await import('ws');
    const closeCode = (token: string, origin: string | undefined) =>
      new Promise<number>((resolve) => {
        const protocols = [BRIDGE_SUBPROTOCOL, encodeBridgeToken(token)];
        const socket = new WebSocket(demo.bridge.url, protocols, origin ? { origin } : {});
        socket.on('open', () => socket.close(1000));
        socket.on('close', (code) => resolve(code));
      });
    const own = new URL(demo.url).origin;
    expect(await closeCode(token, 'https://evil.example')).toBe(BridgeCloseCode.originNotAllowed);
    expect(await closeCode('x'.repeat(32), own)).toBe(BridgeCloseCode.unauthorized);
    // Not a browser (no Origin): refused too, the demo only serves its own pages.
    expect(await closeCode(token, undefined)).not.toBe(1000);
    expect(await closeCode(token, own)).toBe(1000);
  });
});
