import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../api/types';
import { SeededRandom } from '../workload/random';
import {
  generateWorkload,
  resolveWorkloadOptions,
  workloadNodeNames,
  type WorkloadOptions,
} from '../workload/seed';

const NOW = new Date('2026-11-01T10:00:00Z');
const base: WorkloadOptions = { seed: 42, clusterName: 'alpha', now: NOW };

const ofKind = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const field = <T>(obj: KubeObject, key: string) => obj[key] as T;

interface PodView {
  spec: { nodeName?: string; containers: Array<{ name: string; image: string }>; hostNetwork?: boolean };
  status: {
    phase: string;
    podIP?: string;
    hostIP?: string;
    conditions: Array<{ type: string; status: string }>;
    containerStatuses: Array<{
      restartCount: number;
      ready: boolean;
      state: { waiting?: { reason: string }; running?: object };
    }>;
  };
}
const view = (pod: KubeObject) => pod as unknown as KubeObject & PodView;
const isReady = (pod: KubeObject) =>
  view(pod).status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

afterEach(() => {
  vi.useRealTimers();
});

describe('SeededRandom', () => {
  it('repeats its sequence for the same numeric or string seed and differs otherwise', () => {
    const draw = (seed: number | string) => {
      const r = new SeededRandom(seed);
      return [r.next(), r.int(1, 6), r.hex(8), r.pick(['a', 'b', 'c']), r.chance(0.5), r.uuid()];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw('seven')).toEqual(draw('seven'));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7)).not.toEqual(draw('7'));
  });

  it('keeps values in range', () => {
    const r = new SeededRandom('range');
    for (let i = 0; i < 2000; i++) {
      const n = r.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      const k = r.int(-2, 3);
      expect(k).toBeGreaterThanOrEqual(-2);
      expect(k).toBeLessThanOrEqual(3);
    }
    expect(r.hex(12)).toMatch(/^[0-9a-f]{12}$/);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.int(3, 1)).toThrow(RangeError);
  });
});

describe('generateWorkload', () => {
  it('is deterministic for the same options and independent of the wall clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const first = generateWorkload(base);
    vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
    const second = generateWorkload({ ...base });
    expect(second).toEqual(first);
  });

  it('changes with the seed and with the cluster name', () => {
    const a = generateWorkload(base);
    expect(generateWorkload({ ...base, seed: 43 })).not.toEqual(a);
    const other = generateWorkload({ ...base, clusterName: 'beta' });
    const uids = new Set(a.map((o) => o.metadata.uid));
    expect(other.some((o) => uids.has(o.metadata.uid))).toBe(false);
  });

  it('applies the documented defaults', () => {
    const opts = resolveWorkloadOptions({ seed: 1, clusterName: 'c', now: NOW });
    expect(opts).toMatchObject({
      namespaces: 3,
      nodes: 3,
      pods: 30,
      flavor: 'kubernetes',
      kubernetesVersion: 'v1.31.4',
    });
    const objects = generateWorkload({ seed: 1, clusterName: 'c', now: NOW });
    expect(ofKind(objects, 'Pod')).toHaveLength(30);
    expect(ofKind(objects, 'Node')).toHaveLength(3);
    expect(ofKind(objects, 'Namespace')).toHaveLength(5);
  });

  it('rejects nonsensical sizes', () => {
    expect(() => generateWorkload({ ...base, pods: -1 })).toThrow(RangeError);
    expect(() => generateWorkload({ ...base, nodes: 0 })).toThrow(RangeError);
    expect(() => generateWorkload({ ...base, namespaces: 1.5 })).toThrow(RangeError);
  });

  it.each([
    [0, 1, 0],
    [1, 1, 1],
    [2, 3, 1],
    [5, 3, 2],
    [7, 2, 3],
    [13, 3, 3],
    [30, 3, 3],
    [31, 4, 5],
    [100, 5, 6],
    [257, 8, 20],
  ])('creates exactly %i pods (nodes=%i, namespaces=%i)', (pods, nodes, namespaces) => {
    const objects = generateWorkload({ ...base, pods, nodes, namespaces });
    expect(ofKind(objects, 'Pod')).toHaveLength(pods);
    expect(ofKind(objects, 'Node')).toHaveLength(nodes);
    expect(ofKind(objects, 'Namespace')).toHaveLength(2 + namespaces);
  });

  it('names nodes by index only, identically in every cluster', () => {
    const names = (clusterName: string, seed: number) =>
      ofKind(generateWorkload({ ...base, clusterName, seed, nodes: 4 }), 'Node').map((n) => n.metadata.name);
    expect(names('alpha', 1)).toEqual(['control-plane-1', 'worker-1', 'worker-2', 'worker-3']);
    expect(names('beta', 2)).toEqual(names('alpha', 1));
    expect(workloadNodeNames(3)).toEqual(['control-plane-1', 'worker-1', 'worker-2']);
  });

  it('gives nodes kubelet-shaped labels, capacity, conditions and node info', () => {
    const nodes = ofKind(generateWorkload({ ...base, kubernetesVersion: 'v1.30.2' }), 'Node');
    const [cp, worker] = nodes;
    expect(cp?.metadata.labels).toHaveProperty('node-role.kubernetes.io/control-plane', '');
    expect(worker?.metadata.labels).not.toHaveProperty('node-role.kubernetes.io/control-plane');
    for (const node of nodes) {
      const status = field<{
        capacity: Record<string, string>;
        conditions: Array<{ type: string; status: string }>;
        addresses: Array<{ type: string; address: string }>;
        nodeInfo: Record<string, string>;
      }>(node, 'status');
      expect(node.metadata.labels).toMatchObject({
        'kubernetes.io/hostname': node.metadata.name,
        'kubernetes.io/os': 'linux',
      });
      expect(node.metadata.labels).toHaveProperty('topology.kubernetes.io/zone');
      expect(status.capacity).toMatchObject({ pods: '110' });
      expect(status.capacity.memory).toMatch(/^\d+Ki$/);
      expect(status.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
        'MemoryPressure=False',
        'DiskPressure=False',
        'PIDPressure=False',
        'Ready=True',
      ]);
      expect(status.addresses).toContainEqual({ type: 'Hostname', address: node.metadata.name });
      expect(status.addresses.find((a) => a.type === 'InternalIP')?.address).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(status.nodeInfo).toMatchObject({
        kubeletVersion: 'v1.30.2',
        kubeProxyVersion: 'v1.30.2',
        architecture: 'amd64',
        operatingSystem: 'linux',
      });
      expect(status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/1\.7\.\d+$/);
    }
  });

  it('stamps every object with a unique v4 uid, a past second-precision timestamp and resourceVersion 0', () => {
    const objects = generateWorkload({ ...base, pods: 80, flavor: 'openshift' });
    const uids = objects.map((o) => o.metadata.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const o of objects) {
      expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(Date.parse(o.metadata.creationTimestamp)).toBeLessThanOrEqual(NOW.getTime());
      expect(o.metadata.resourceVersion).toBe('0');
      expect(o.metadata).not.toHaveProperty('managedFields');
    }
    const keys = objects.map(
      (o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('creates default, kube-system and the app namespaces, all Active', () => {
    const namespaces = ofKind(generateWorkload({ ...base, namespaces: 4 }), 'Namespace');
    const names = namespaces.map((n) => n.metadata.name);
    expect(names.slice(0, 2)).toEqual(['default', 'kube-system']);
    expect(names).toHaveLength(6);
    for (const ns of namespaces) expect(field<{ phase: string }>(ns, 'status').phase).toBe('Active');
  });

  it('links every pod to an existing controller by uid, and ReplicaSets to their Deployment', () => {
    const objects = generateWorkload({ ...base, pods: 120, namespaces: 5 });
    const byUid = new Map(objects.map((o) => [o.metadata.uid, o]));
    for (const pod of ofKind(objects, 'Pod')) {
      const refs = pod.metadata.ownerReferences ?? [];
      if (refs.length === 0) continue;
      const [ref] = refs;
      const owner = byUid.get(ref?.uid ?? '');
      expect(owner, pod.metadata.name).toBeDefined();
      expect(ref).toMatchObject({ kind: owner?.kind, name: owner?.metadata.name, controller: true });
      expect(owner?.metadata.namespace).toBe(pod.metadata.namespace);
      if (owner?.kind === 'ReplicaSet') {
        expect(pod.metadata.name).toMatch(new RegExp(`^${owner.metadata.name}-[a-z0-9]{5}$`));
        expect(pod.metadata.labels?.['pod-template-hash']).toBe(owner.metadata.labels?.['pod-template-hash']);
      }
      if (owner?.kind === 'StatefulSet')
        expect(pod.metadata.name).toMatch(new RegExp(`^${owner.metadata.name}-\\d+$`));
    }
    for (const rs of ofKind(objects, 'ReplicaSet')) {
      const ref = rs.metadata.ownerReferences?.[0];
      const deployment = byUid.get(ref?.uid ?? '');
      expect(deployment?.kind).toBe('Deployment');
      expect(rs.metadata.name).toMatch(new RegExp(`^${deployment?.metadata.name}-[a-z0-9]{10}$`));
    }
    expect(ofKind(objects, 'StatefulSet').length).toBeGreaterThan(0);
    const ds = ofKind(objects, 'DaemonSet');
    expect(ds.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['kube-system/kube-proxy']);
    const proxyPods = ofKind(objects, 'Pod').filter(
      (p) => p.metadata.ownerReferences?.[0]?.uid === ds[0]?.metadata.uid,
    );
    expect(proxyPods.map((p) => view(p).spec.nodeName)).toEqual(workloadNodeNames(3));
  });

  it('keeps Deployment and ReplicaSet status consistent with their pods and selectors with templates', () => {
    const objects = generateWorkload({ ...base, pods: 150, namespaces: 4 });
    const pods = ofKind(objects, 'Pod');
    const replicaSets = ofKind(objects, 'ReplicaSet');
    for (const deployment of ofKind(objects, 'Deployment')) {
      const spec = field<{
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> } };
      }>(deployment, 'spec');
      const status = field<Record<string, number>>(deployment, 'status');
      expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
      const owned = replicaSets.filter(
        (rs) => rs.metadata.ownerReferences?.[0]?.uid === deployment.metadata.uid,
      );
      const ownedPods = pods.filter((p) =>
        owned.some((rs) => rs.metadata.uid === p.metadata.ownerReferences?.[0]?.uid),
      );
      expect(ownedPods.length).toBe(spec.replicas);
      expect(status.replicas).toBe(ownedPods.length);
      expect(status.updatedReplicas).toBe(ownedPods.length);
      expect(status.readyReplicas ?? 0).toBe(ownedPods.filter(isReady).length);
      expect(status.availableReplicas ?? 0).toBe(ownedPods.filter(isReady).length);
      expect(status.observedGeneration).toBe(deployment.metadata.generation);
      for (const rs of owned) {
        const rsSpec = field<{
          replicas: number;
          selector: { matchLabels: Record<string, string> };
          template: { metadata: { labels: Record<string, string> } };
        }>(rs, 'spec');
        expect(rsSpec.template.metadata.labels).toMatchObject(rsSpec.selector.matchLabels);
        const rsPods = pods.filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
        expect(field<{ replicas: number }>(rs, 'status').replicas).toBe(rsPods.length);
        expect(rsSpec.replicas).toBe(rsPods.length);
        for (const pod of rsPods) expect(pod.metadata.labels).toMatchObject(rsSpec.selector.matchLabels);
      }
      expect(owned.filter((rs) => field<{ replicas: number }>(rs, 'spec').replicas > 0)).toHaveLength(1);
    }
  });

  it('spreads pod states realistically: mostly Running, some Pending, ~3% CrashLoopBackOff, Job-like Succeeded', () => {
    const objects = generateWorkload({ ...base, pods: 100, namespaces: 4 });
    const pods = ofKind(objects, 'Pod').map(view);
    const phases = pods.map((p) => p.status.phase);
    const crashing = pods.filter(
      (p) => p.status.containerStatuses[0]?.state.waiting?.reason === 'CrashLoopBackOff',
    );
    expect(phases.filter((p) => p === 'Running').length).toBeGreaterThan(85);
    expect(phases.filter((p) => p === 'Pending').length).toBeGreaterThanOrEqual(1);
    expect(phases.filter((p) => p === 'Succeeded').length).toBeGreaterThanOrEqual(2);
    expect(crashing).toHaveLength(3);
    for (const pod of crashing) {
      expect(pod.status.containerStatuses[0]?.restartCount).toBeGreaterThan(5);
      expect(isReady(pod)).toBe(false);
    }
    const running = pods.filter((p) => p.status.phase === 'Running' && !crashing.includes(p));
    for (const pod of running) {
      expect(pod.spec.nodeName).toBeDefined();
      expect(pod.status.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(pod.status.containerStatuses.every((c) => c.ready && c.state.running !== undefined)).toBe(true);
    }
    const podIPs = running.filter((p) => p.spec.hostNetwork !== true).map((p) => p.status.podIP);
    expect(new Set(podIPs).size).toBe(podIPs.length);
  });

  it('records events about existing pods, including BackOff warnings for crash loops', () => {
    const objects = generateWorkload({ ...base, pods: 100 });
    const podsByUid = new Map(ofKind(objects, 'Pod').map((p) => [p.metadata.uid, p]));
    const events = ofKind(objects, 'Event');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const involved = field<{ uid: string; name: string; namespace: string }>(e, 'involvedObject');
      const pod = podsByUid.get(involved.uid);
      expect(pod?.metadata.name).toBe(involved.name);
      expect(e.metadata.namespace).toBe(pod?.metadata.namespace);
    }
    const reasons = new Set(events.map((e) => field<string>(e, 'reason')));
    for (const r of ['Scheduled', 'Pulled', 'Started', 'BackOff']) expect(reasons).toContain(r);
    const backOff = events.find((e) => field<string>(e, 'reason') === 'BackOff');
    expect(backOff).toMatchObject({ type: 'Warning', source: { component: 'kubelet' } });
  });

  it('fronts every Deployment with a ClusterIP Service that selects its pods', () => {
    const objects = generateWorkload({ ...base, pods: 60 });
    const services = ofKind(objects, 'Service');
    const ips = services
      .map((s) => field<{ clusterIP: string }>(s, 'spec').clusterIP)
      .filter((ip) => ip !== 'None');
    expect(new Set(ips).size).toBe(ips.length);
    for (const ip of ips) expect(ip).toMatch(/^10\.96\.\d+\.\d+$/);
    for (const d of ofKind(objects, 'Deployment')) {
      const svc = services.find(
        (s) =>
          s.metadata.name === (d.metadata.name === 'coredns' ? 'kube-dns' : d.metadata.name) &&
          s.metadata.namespace === d.metadata.namespace,
      );
      const selector = field<{ selector: Record<string, string> }>(svc as KubeObject, 'spec').selector;
      expect(
        field<{ selector: { matchLabels: Record<string, string> } }>(d, 'spec').selector.matchLabels,
      ).toEqual(selector);
    }
  });

  it('adds kube-root-ca.crt everywhere, app config, Opaque secrets and a blocking PodDisruptionBudget', () => {
    const objects = generateWorkload({ ...base, pods: 60, namespaces: 3 });
    const namespaces = ofKind(objects, 'Namespace').map((n) => n.metadata.name);
    const rootCa = ofKind(objects, 'ConfigMap').filter((c) => c.metadata.name === 'kube-root-ca.crt');
    expect(rootCa.map((c) => c.metadata.namespace).sort()).toEqual([...namespaces].sort());
    const secrets = ofKind(objects, 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(field<string>(s, 'type')).toBe('Opaque');
      for (const v of Object.values(field<Record<string, string>>(s, 'data')))
        expect(Buffer.from(v, 'base64').toString('base64')).toBe(v);
    }
    const pdbs = ofKind(objects, 'PodDisruptionBudget').map((p) =>
      field<{ disruptionsAllowed: number }>(p, 'status'),
    );
    expect(pdbs.some((s) => s.disruptionsAllowed === 0)).toBe(true);
  });

  it('includes the CronTab CRD and CronTabs that match its schema', () => {
    const objects = generateWorkload(base);
    const [crd] = ofKind(objects, 'CustomResourceDefinition');
    expect(crd?.metadata.name).toBe('crontabs.stable.example.com');
    expect(field<Record<string, unknown>>(crd as KubeObject, 'spec')).toMatchObject({
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: {
        plural: 'crontabs',
        singular: 'crontab',
        kind: 'CronTab',
        shortNames: ['ct'],
        categories: ['all'],
      },
      versions: [{ name: 'v1', served: true, storage: true }],
    });
    const cronTabs = ofKind(objects, 'CronTab');
    expect(cronTabs.length).toBeGreaterThanOrEqual(2);
    for (const ct of cronTabs) {
      expect(ct.apiVersion).toBe('stable.example.com/v1');
      const spec = field<{ cronSpec: unknown; image: unknown; replicas: unknown }>(ct, 'spec');
      expect(typeof spec.cronSpec).toBe('string');
      expect(typeof spec.image).toBe('string');
      expect(Number.isInteger(spec.replicas)).toBe(true);
    }
  });

  it('adds a ClusterVersion and openshift-* namespaces only for the openshift flavor', () => {
    expect(ofKind(generateWorkload(base), 'ClusterVersion')).toHaveLength(0);
    const objects = generateWorkload({ ...base, flavor: 'openshift' });
    const [cv] = ofKind(objects, 'ClusterVersion');
    expect(cv).toMatchObject({
      apiVersion: 'config.openshift.io/v1',
      metadata: { name: 'version' },
      spec: { channel: 'stable-4.16' },
    });
    const status = field<{
      desired: { version: string };
      history: Array<{ state: string; version: string }>;
    }>(cv as KubeObject, 'status');
    expect(status.desired.version).toMatch(/^4\.16\.\d+$/);
    expect(status.history[0]).toMatchObject({ state: 'Completed', version: status.desired.version });
    const names = ofKind(objects, 'Namespace').map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['openshift-console', 'openshift-ingress']));
  });
});
