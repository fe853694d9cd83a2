/** What kubeadm installs in kube-system and default: kube-proxy, CoreDNS and their services. */
import type { KubeObject } from '../api/types';
import { buildDaemonSet, buildDeployment, type PodPlan } from './owners';
import { secondsAfter } from './meta';
import type { NodeInfo } from './nodes';
import type { PodPlacer } from './placement';
import { buildConfigMap, buildService } from './platform';
import type { SeededRandom } from './random';

export interface SystemInput {
  clusterCreated: Date;
  now: Date;
  nodes: readonly NodeInfo[];
  kubernetesVersion: string;
  kubeProxyPods: number;
  corednsReplicas: number;
}

const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

export function buildSystemWorkloads(rng: SeededRandom, placer: PodPlacer, input: SystemInput): KubeObject[] {
  const out: KubeObject[] = [];
  const created = secondsAfter(input.clusterCreated, rng.int(20, 60));

  out.push(
    buildService(rng, {
      name: 'kubernetes',
      namespace: 'default',
      created: input.clusterCreated,
      clusterIP: '10.96.0.1',
      labels: { component: 'apiserver', provider: 'kubernetes' },
      ports: [{ name: 'https', port: 443, targetPort: 6443 }],
    }),
  );

  const proxy = buildDaemonSet(rng, input.now, placer, {
    name: 'kube-proxy',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-proxy' },
    selector: { 'k8s-app': 'kube-proxy' },
    created,
    nodes: input.nodes,
    podCount: input.kubeProxyPods,
    priority: 2_000_001_000,
    pod: {
      serviceAccountName: 'kube-proxy',
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      tolerateAll: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [
        {
          name: 'kube-proxy',
          image: `registry.k8s.io/kube-proxy:${input.kubernetesVersion}`,
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
        },
      ],
    },
  });
  out.push(proxy.owner, ...proxy.pods);

  if (input.corednsReplicas > 0) {
    out.push(buildConfigMap(rng, 'coredns', 'kube-system', created, { Corefile: COREFILE }));
    const labels = { 'k8s-app': 'kube-dns' };
    const plans: PodPlan[] = Array.from({ length: input.corednsReplicas }, () => ({
      state: 'running',
      restartCount: 0,
      age: 'rollout',
    }));
    const coredns = buildDeployment(rng, input.now, placer, {
      name: 'coredns',
      namespace: 'kube-system',
      labels,
      selector: labels,
      created,
      revision: 1,
      pods: plans,
      priority: 2_000_000_000,
      pod: {
        serviceAccountName: 'coredns',
        priorityClassName: 'system-cluster-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        containers: [
          {
            name: 'coredns',
            image: COREDNS_IMAGE,
            args: ['-conf', '/etc/coredns/Corefile'],
            port: { containerPort: 53, name: 'dns', protocol: 'UDP' },
            extraPorts: [
              { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
              { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
            ],
            cpu: ['100m', '100m'],
            memory: ['70Mi', '170Mi'],
          },
        ],
      },
    });
    out.push(coredns.owner, ...coredns.replicaSets, ...coredns.pods);
    out.push(
      buildService(rng, {
        name: 'kube-dns',
        namespace: 'kube-system',
        created,
        clusterIP: '10.96.0.10',
        selector: labels,
        labels: {
          'k8s-app': 'kube-dns',
          'kubernetes.io/cluster-service': 'true',
          'kubernetes.io/name': 'CoreDNS',
        },
        ports: [
          { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 53 },
          { name: 'metrics', port: 9153, targetPort: 9153 },
        ],
      }),
    );
  }
  return out;
}
