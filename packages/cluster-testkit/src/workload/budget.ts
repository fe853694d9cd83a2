/** How a cluster's pod total is divided between workloads, and which pods start out unhealthy. */
import type { AppTemplate, NamespaceApps } from './catalog';
import type { PodPlan } from './owners';
import type { PodState } from './pods';
import type { SeededRandom } from './random';

export interface PodBudget {
  kubeProxy: number;
  coredns: number;
  standalone: number;
  statefulSets: Array<{ namespace: string; app: AppTemplate; replicas: number }>;
  deployments: number[];
}

/** Splits the pod total over the workloads so the sum is exact. */
export function planBudget(
  rng: SeededRandom,
  opts: { pods: number; nodes: number },
  apps: Map<string, NamespaceApps>,
): PodBudget {
  let remaining = opts.pods;
  const kubeProxy = Math.min(opts.nodes, remaining);
  remaining -= kubeProxy;
  const coredns = remaining >= 4 ? 2 : 0;
  remaining -= coredns;
  const standalone = remaining >= 12 ? 3 : remaining >= 6 ? 1 : 0;
  remaining -= standalone;

  const statefulSets: PodBudget['statefulSets'] = [];
  const maxSts = Math.max(1, Math.ceil(apps.size / 2));
  for (const [namespace, nsApps] of apps) {
    if (statefulSets.length >= maxSts || !nsApps.hasStatefulSet()) continue;
    const replicas = rng.int(2, 3);
    if (remaining - replicas < 6) break;
    const app = nsApps.takeStatefulSet();
    if (app === undefined) continue;
    statefulSets.push({ namespace, app, replicas });
    remaining -= replicas;
  }
  const [firstNamespace, firstApps] = [...apps][0] ?? [];
  if (
    statefulSets.length === 0 &&
    remaining >= 8 &&
    firstNamespace !== undefined &&
    firstApps !== undefined
  ) {
    const app = firstApps.takeStatefulSet(true);
    if (app !== undefined) {
      statefulSets.push({ namespace: firstNamespace, app, replicas: 2 });
      remaining -= 2;
    }
  }

  const deployments: number[] = [];
  while (remaining > 0) {
    let r = Math.min(rng.int(2, 5), remaining);
    // Never leave a single pod over: it would need a 1-replica deployment.
    if (remaining - r === 1) r = r < 5 ? r + 1 : r - 1;
    deployments.push(r);
    remaining -= r;
  }
  return { kubeProxy, coredns, standalone, statefulSets, deployments };
}

/** Marks a few deployment pods crash-looping (~3% of all pods), pending, or recently replaced. */
export function planPods(rng: SeededRandom, totalPods: number, sizes: readonly number[]): PodPlan[][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const plans: PodPlan[] = Array.from({ length: total }, () => ({
    state: 'running' as PodState,
    restartCount: rng.chance(0.1) ? rng.int(1, 2) : 0,
    age: 'rollout' as const,
  }));
  if (total >= 8) {
    const crash = Math.max(1, Math.round(totalPods * 0.03));
    const pending = Math.max(1, Math.round(total * 0.04));
    const recent = Math.min(3, total - crash - pending);
    rng.shuffle(Array.from({ length: total }, (_, i) => i)).forEach((index, rank) => {
      const plan = plans[index] as PodPlan;
      if (rank < crash) Object.assign(plan, { state: 'crashloop', restartCount: rng.int(6, 40) });
      else if (rank < crash + pending)
        Object.assign(plan, { state: 'pending', restartCount: 0, age: 'fresh' });
      else if (rank < crash + pending + recent) Object.assign(plan, { restartCount: 0, age: 'recent' });
    });
  }
  const out: PodPlan[][] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(plans.slice(offset, offset + size));
    offset += size;
  }
  return out;
}
