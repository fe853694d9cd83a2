/**
 * Deterministic, realistic cluster contents. The same options always give the same objects, so a
 * failing test can be replayed from its seed; nothing reads the wall clock once `now` is given.
 */
import type { KubeObject } from '../api/types';
import { NamespaceApps, OPENSHIFT_NAMESPACES, pickNamespaces, type AppTemplate } from './catalog';
import { planBudget, planPods } from './budget';
import { seedPodEvents } from './events';
import { between, podSuffix, secondsAfter, secondsBefore } from './meta';
import { buildNamespace, buildNodes, namespaceCreated, workloadNodeNames } from './nodes';
import { PodPlacer } from './placement';
import {
  buildClusterVersion,
  buildConfigMap,
  buildCronTab,
  buildCronTabCrd,
  buildOpaqueSecret,
  buildPodDisruptionBudget,
  buildService,
  fakeCaBundle,
  ROOT_CA_DESCRIPTION,
  ServiceIPs,
} from './platform';
import { buildDeployment, buildStatefulSet } from './owners';
import { isPodReady } from './pod-status';
import { buildPod, podSpec } from './pods';
import { SeededRandom } from './random';
import { buildSystemWorkloads } from './system';

export { workloadNodeNames };

export type ClusterFlavor = 'kubernetes' | 'openshift';

export interface WorkloadOptions {
  seed: number | string;
  clusterName: string;
  /** App namespaces, on top of `default` and `kube-system`. */
  namespaces?: number;
  nodes?: number;
  /** Total number of Pod objects across all namespaces, system pods included. */
  pods?: number;
  now?: Date;
  flavor?: ClusterFlavor;
  kubernetesVersion?: string;
}

export interface ResolvedWorkloadOptions {
  seed: number | string;
  clusterName: string;
  namespaces: number;
  nodes: number;
  pods: number;
  now: Date;
  flavor: ClusterFlavor;
  kubernetesVersion: string;
}

export const WORKLOAD_DEFAULTS = {
  namespaces: 3,
  nodes: 3,
  pods: 30,
  flavor: 'kubernetes',
  kubernetesVersion: 'v1.31.4',
} as const satisfies Partial<ResolvedWorkloadOptions>;

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min)
    throw new RangeError(`generateWorkload: ${name} must be an integer >= ${min}, got ${n}`);
  return n;
}

export function resolveWorkloadOptions(options: WorkloadOptions): ResolvedWorkloadOptions {
  return {
    seed: options.seed,
    clusterName: options.clusterName,
    namespaces: count('namespaces', options.namespaces, WORKLOAD_DEFAULTS.namespaces, 0),
    nodes: count('nodes', options.nodes, WORKLOAD_DEFAULTS.nodes, 1),
    pods: count('pods', options.pods, WORKLOAD_DEFAULTS.pods, 0),
    now: options.now ?? new Date(),
    flavor: options.flavor ?? WORKLOAD_DEFAULTS.flavor,
    kubernetesVersion: options.kubernetesVersion ?? WORKLOAD_DEFAULTS.kubernetesVersion,
  };
}

function appLabels(name: string): Record<string, string> {
  return { app: name, 'app.kubernetes.io/name': name };
}

function appPod(app: AppTemplate): Parameters<typeof podSpec>[0] {
  return {
    serviceAccountName: app.kind === 'StatefulSet' ? app.name : 'default',
    containers: [
      {
        name: app.name,
        image: app.image,
        port: { containerPort: app.port, name: app.portName },
        cpu: app.cpu,
        memory: app.memory,
      },
    ],
  };
}

/**
 * A deterministic, realistic workload for one cluster (namespaces, nodes, workloads and their pods,
 * services, config, events …); the same options give the same objects.
 */
export function generateWorkload(options: WorkloadOptions): KubeObject[] {
  const opts = resolveWorkloadOptions(options);
  const { now } = opts;
  // The cluster name is part of the seed so two clusters from one seed never share uids.
  const rng = new SeededRandom(`${typeof opts.seed}:${String(opts.seed)}|${opts.clusterName}`);
  const clusterCreated = secondsBefore(now, rng.int(30, 120) * 86_400 + rng.int(0, 86_399));
  const out: KubeObject[] = [];

  const appNamespaces = pickNamespaces(rng, opts.namespaces);
  const nsCreated = new Map<string, Date>();
  const systemNamespaces = [
    'default',
    'kube-system',
    ...(opts.flavor === 'openshift' ? OPENSHIFT_NAMESPACES : []),
  ];
  for (const ns of systemNamespaces) {
    const created = ns.startsWith('openshift-')
      ? secondsAfter(clusterCreated, rng.int(300, 1800))
      : clusterCreated;
    nsCreated.set(ns, created);
    out.push(
      buildNamespace(
        rng,
        ns,
        created,
        ns.startsWith('openshift-') ? { 'openshift.io/cluster-monitoring': 'true' } : {},
      ),
    );
  }
  for (const ns of appNamespaces) {
    const created = namespaceCreated(rng, clusterCreated, now);
    nsCreated.set(ns, created);
    out.push(buildNamespace(rng, ns, created));
  }
  const createdIn = (ns: string) => nsCreated.get(ns) ?? clusterCreated;

  const nodes = buildNodes(rng, {
    count: opts.nodes,
    kubernetesVersion: opts.kubernetesVersion,
    flavor: opts.flavor,
    clusterCreated,
    now,
  });
  out.push(...nodes.map((n) => n.object));

  const crdCreated = between(rng, secondsAfter(clusterCreated, 86_400), secondsBefore(now, 3 * 86_400));
  out.push(buildCronTabCrd(rng, crdCreated));
  if (opts.flavor === 'openshift') out.push(buildClusterVersion(rng, clusterCreated, now));

  const caBundle = fakeCaBundle(rng);
  for (const ns of nsCreated.keys()) {
    out.push(
      buildConfigMap(
        rng,
        'kube-root-ca.crt',
        ns,
        createdIn(ns),
        { 'ca.crt': caBundle },
        { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
      ),
    );
  }

  const workloadNamespaces = appNamespaces.length > 0 ? appNamespaces : ['default'];
  const apps = new Map(workloadNamespaces.map((ns) => [ns, new NamespaceApps(ns)] as const));
  const budget = planBudget(rng, opts, apps);
  const placer = new PodPlacer(nodes);
  const serviceIPs = new ServiceIPs(rng);
  const pods: KubeObject[] = [];
  const take = (objects: readonly KubeObject[]) => {
    for (const o of objects) (o.kind === 'Pod' ? pods : out).push(o);
  };

  take(
    buildSystemWorkloads(rng, placer, {
      clusterCreated,
      now,
      nodes,
      kubernetesVersion: opts.kubernetesVersion,
      kubeProxyPods: budget.kubeProxy,
      corednsReplicas: budget.coredns,
    }),
  );

  for (const { namespace, app, replicas } of budget.statefulSets) {
    const created = between(rng, secondsAfter(createdIn(namespace), 3600), secondsBefore(now, 2 * 86_400));
    const labels = appLabels(app.name);
    const sts = buildStatefulSet(rng, now, placer, {
      name: app.name,
      namespace,
      labels,
      selector: { app: app.name },
      pod: appPod(app),
      created,
      replicas,
      serviceName: app.name,
    });
    take([sts.owner, ...sts.pods]);
    out.push(
      buildService(rng, {
        name: app.name,
        namespace,
        created,
        clusterIP: 'None',
        selector: { app: app.name },
        labels,
        ports: [{ name: app.portName, port: app.port, targetPort: app.portName }],
      }),
    );
  }

  const podPlans = planPods(rng, opts.pods, budget.deployments);
  let pdbs = 0;
  podPlans.forEach((plans, i) => {
    const namespace = workloadNamespaces[i % workloadNamespaces.length] as string;
    const app = (apps.get(namespace) as NamespaceApps).takeDeployment();
    const created = between(rng, secondsAfter(createdIn(namespace), 3600), secondsBefore(now, 2 * 86_400));
    const labels = appLabels(app.name);
    const deploy = buildDeployment(rng, now, placer, {
      name: app.name,
      namespace,
      labels,
      selector: { app: app.name },
      pod: appPod(app),
      created,
      revision: rng.int(1, 3),
      pods: plans,
    });
    take([deploy.owner, ...deploy.replicaSets, ...deploy.pods]);
    out.push(
      buildService(rng, {
        name: app.name,
        namespace,
        created,
        clusterIP: serviceIPs.next(),
        selector: { app: app.name },
        labels,
        ports: [{ name: app.portName, port: app.port === 8080 ? 80 : app.port, targetPort: app.portName }],
      }),
    );
    if (i % 3 === 0 && plans.length >= 2) {
      // The first budget demands every replica, so evicting any of its pods is refused.
      const minAvailable = pdbs === 0 ? plans.length : plans.length - 1;
      pdbs++;
      out.push(
        buildPodDisruptionBudget(rng, {
          name: `${app.name}-pdb`,
          namespace,
          created: secondsAfter(created, 5),
          selector: { app: app.name },
          minAvailable,
          expectedPods: plans.length,
          healthyPods: deploy.pods.filter(isPodReady).length,
        }),
      );
    }
  });

  for (const ns of workloadNamespaces) {
    const created = secondsAfter(createdIn(ns), rng.int(600, 3600));
    out.push(
      buildConfigMap(rng, `${ns}-config`, ns, created, {
        LOG_LEVEL: rng.pick(['info', 'info', 'debug', 'warn']),
        'application.yaml': `server:\n  port: 8080\nfeatures:\n  newCheckout: ${String(rng.chance(0.5))}\n  region: ${ns}\n`,
      }),
      buildOpaqueSecret(rng, `${ns}-credentials`, ns, created, {
        username: `${ns.replace(/-/g, '_')}_svc`,
        password: rng.string(24, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'),
      }),
    );
  }

  const standaloneNs = workloadNamespaces[0] as string;
  const standalone = [
    {
      name: `db-migrate-${podSuffix(rng)}`,
      image: `ghcr.io/acme/${standaloneNs}-migrations:v1.0.${rng.int(3, 9)}`,
      state: 'succeeded' as const,
    },
    { name: 'debug-shell', image: 'busybox:1.37.0', state: 'running' as const },
    {
      name: `report-export-${podSuffix(rng)}`,
      image: 'ghcr.io/acme/report-export:v0.8.2',
      state: 'succeeded' as const,
    },
  ].slice(0, budget.standalone);
  for (const p of standalone) {
    const containers = [
      p.state === 'succeeded'
        ? { name: 'job', image: p.image, cpu: ['100m', '500m'] as const, memory: ['128Mi', '256Mi'] as const }
        : { name: 'shell', image: p.image, command: ['sleep', 'infinity'] },
    ];
    const templateSpec = podSpec({
      serviceAccountName: 'default',
      restartPolicy: p.state === 'succeeded' ? 'Never' : 'Always',
      containers,
    });
    pods.push(
      buildPod(rng, now, {
        name: p.name,
        namespace: standaloneNs,
        labels: appLabels(p.name.replace(/-[a-z0-9]{5}$/, '')),
        templateSpec,
        containers,
        ...placer.next(),
        state: p.state,
        created: secondsBefore(now, p.state === 'succeeded' ? rng.int(7200, 172_800) : rng.int(3600, 86_400)),
      }),
    );
  }

  const cronTabs = [
    { name: 'nightly-report', cronSpec: '0 2 * * *', image: 'ghcr.io/acme/reporter:v1.4.0', replicas: 1 },
    {
      name: 'cache-warmup',
      cronSpec: '*/15 * * * *',
      image: 'ghcr.io/acme/cache-warmer:v0.3.2',
      replicas: 2,
    },
  ];
  cronTabs.forEach(({ name, ...spec }, i) => {
    const ns = workloadNamespaces[i % workloadNamespaces.length] as string;
    out.push(buildCronTab(rng, name, ns, between(rng, crdCreated, secondsBefore(now, 86_400)), spec));
  });

  out.push(...pods, ...seedPodEvents(rng, pods, now));
  return out;
}
