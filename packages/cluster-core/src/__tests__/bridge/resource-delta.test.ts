import { describe, expect, it } from 'vitest';
import type { FleetResourcesSnapshot } from '../../client/fleet-client';
import { applyResourcesDelta } from '../../client/remote-resources';
import type { FleetStoreItem } from '../../fleet-store/types';
import { resourcesDelta } from '../../node/bridge/resource-delta';

function item(clusterId: string, name: string, version = 1, namespace: string | null = 'ns'): FleetStoreItem {
  return {
    clusterId,
    clusterName: clusterId,
    kind: 'Pod',
    object: { metadata: { name, ...(namespace ? { namespace } : {}), resourceVersion: String(version) } },
  };
}

function snapshot(items: FleetStoreItem[]): FleetResourcesSnapshot {
  return { query: { kind: 'pods' }, items, clusters: [], partial: false, loaded: true };
}

/** A deterministic pseudo-random source, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('resource view deltas', () => {
  it('round-trips random edits that keep the order, over many rounds', () => {
    const next = random(42);
    let server = snapshot(Array.from({ length: 300 }, (_, i) => item(i % 2 ? 'a' : 'b', `p${1000 + i}`)));
    let client = server;
    let deltas = 0;
    for (let round = 0; round < 200; round++) {
      const items: FleetStoreItem[] = [];
      for (const existing of server.items) {
        const roll = next();
        if (roll < 0.02) continue;
        items.push(
          roll < 0.05 ? item(existing.clusterId, existing.object.metadata.name, round + 2) : existing,
        );
        if (roll > 0.98) items.push(item(existing.clusterId, `${existing.object.metadata.name}-${round}`));
      }
      if (next() < 0.1) items.unshift(item('c', `head-${round}`));
      const updated = snapshot(items);
      const delta = resourcesDelta(server, updated);
      if (delta) {
        deltas++;
        const applied = applyResourcesDelta(client, JSON.parse(JSON.stringify(delta)));
        expect(applied).not.toBeNull();
        client = applied as FleetResourcesSnapshot;
      } else {
        client = JSON.parse(JSON.stringify(updated)) as FleetResourcesSnapshot;
      }
      expect(client.items).toEqual(updated.items);
      server = updated;
    }
    expect(deltas).toBeGreaterThan(150);
  });

  it('sends a full snapshot when items moved, an item repeats, or most of the view changed', () => {
    const a = item('a', 'x');
    const b = item('a', 'y');
    expect(resourcesDelta(snapshot([a, b]), snapshot([b, a]))).toBeNull();
    expect(resourcesDelta(snapshot([a]), snapshot([a, a]))).toBeNull();
    const many = Array.from({ length: 100 }, (_, i) => item('a', `p${i}`));
    const mostlyNew = many.map((entry, i) => (i < 60 ? item('a', entry.object.metadata.name, 2) : entry));
    expect(resourcesDelta(snapshot(many), snapshot(mostlyNew))).toBeNull();
  });

  it('keeps the same name in two clusters and in two namespaces apart', () => {
    const web = item('a', 'web');
    const otherWeb = item('a', 'web', 1, 'other');
    const before = snapshot([web, item('b', 'web'), otherWeb, item('a', 'node', 1, null)]);
    const after = snapshot([web, otherWeb, item('a', 'node', 2, null)]);
    const delta = resourcesDelta(before, after);
    expect(delta?.removes).toEqual([['b', 'Pod', 'ns', 'web']]);
    expect(delta?.updates.map((u) => u.object.metadata.name)).toEqual(['node']);
    expect(delta?.updates[0]?.object.metadata.namespace).toBeUndefined();
  });

  it('refuses a delta that does not fit the snapshot it is applied to', () => {
    const base = snapshot([item('a', 'x')]);
    const fits = resourcesDelta(base, snapshot([item('a', 'x'), item('a', 'y')]));
    expect(fits).not.toBeNull();
    expect(applyResourcesDelta(snapshot([item('a', 'z')]), fits as NonNullable<typeof fits>)).toBeNull();
    expect(
      applyResourcesDelta(base, {
        removes: [['a', 'Pod', 'ns', 'nope']],
        updates: [],
        inserts: [],
        clusters: [],
        partial: false,
        loaded: true,
      }),
    ).toBeNull();
  });
});
