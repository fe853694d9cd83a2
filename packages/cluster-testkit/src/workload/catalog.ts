/** Names and images the generator draws from, chosen to read like a real company's clusters. */
import type { SeededRandom } from './random';

export interface AppTemplate {
  name: string;
  kind: 'Deployment' | 'StatefulSet';
  image: string;
  port: number;
  portName: string;
  cpu: readonly [request: string, limit: string];
  memory: readonly [request: string, limit: string];
}

type AppSpec = readonly [name: string, image: string, port?: number, kind?: 'StatefulSet'];

const SIZES = {
  small: { cpu: ['50m', '200m'], memory: ['64Mi', '128Mi'] },
  medium: { cpu: ['100m', '500m'], memory: ['128Mi', '512Mi'] },
  large: { cpu: ['250m', '1'], memory: ['512Mi', '1Gi'] },
  db: { cpu: ['500m', '2'], memory: ['1Gi', '2Gi'] },
} as const;

/** Well-known namespaces and what typically runs in them; anything else gets generic services. */
const NAMESPACE_APPS: Readonly<Record<string, readonly AppSpec[]>> = {
  payments: [
    ['payments-api', 'ghcr.io/acme/payments:v2.3.1'],
    ['payments-worker', 'ghcr.io/acme/payments-worker:v2.3.1'],
    ['ledger', 'ghcr.io/acme/ledger:v1.8.0'],
    ['postgres', 'postgres:16.4', 5432, 'StatefulSet'],
  ],
  checkout: [
    ['checkout', 'ghcr.io/acme/checkout:v3.0.2'],
    ['cart', 'ghcr.io/acme/cart:v1.12.4'],
    ['redis', 'redis:7.4.1', 6379, 'StatefulSet'],
  ],
  web: [
    ['frontend', 'nginx:1.27.2', 80],
    ['storefront', 'ghcr.io/acme/storefront:v5.1.0', 3000],
    ['image-proxy', 'ghcr.io/acme/image-proxy:v0.9.3'],
  ],
  monitoring: [
    ['grafana', 'grafana/grafana:11.3.0', 3000],
    ['kube-state-metrics', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', 8080],
    ['prometheus', 'quay.io/prometheus/prometheus:v2.55.1', 9090, 'StatefulSet'],
    ['alertmanager', 'quay.io/prometheus/alertmanager:v0.27.0', 9093, 'StatefulSet'],
  ],
  inventory: [
    ['inventory-api', 'ghcr.io/acme/inventory:v4.2.0'],
    ['stock-sync', 'ghcr.io/acme/stock-sync:v1.3.7'],
    ['mongodb', 'mongo:7.0.14', 27017, 'StatefulSet'],
  ],
  search: [
    ['search-api', 'ghcr.io/acme/search:v2.0.5'],
    ['indexer', 'ghcr.io/acme/indexer:v2.0.5'],
    ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch:8.15.3', 9200, 'StatefulSet'],
  ],
  auth: [
    ['auth-gateway', 'ghcr.io/acme/auth-gateway:v1.6.2'],
    ['keycloak', 'quay.io/keycloak/keycloak:26.0.5'],
  ],
  orders: [
    ['orders-api', 'ghcr.io/acme/orders:v3.4.0'],
    ['orders-consumer', 'ghcr.io/acme/orders-consumer:v3.4.0'],
    ['kafka', 'bitnami/kafka:3.8.1', 9092, 'StatefulSet'],
  ],
  notifications: [
    ['notifier', 'ghcr.io/acme/notifier:v1.1.9'],
    ['email-sender', 'ghcr.io/acme/email-sender:v0.14.2'],
  ],
  analytics: [
    ['analytics-api', 'ghcr.io/acme/analytics:v1.21.0'],
    ['clickhouse', 'clickhouse/clickhouse-server:24.8.6', 8123, 'StatefulSet'],
  ],
  catalog: [
    ['catalog-api', 'ghcr.io/acme/catalog:v6.0.1'],
    ['image-resizer', 'ghcr.io/acme/image-resizer:v2.2.2'],
  ],
  shipping: [
    ['shipping-api', 'ghcr.io/acme/shipping:v1.9.4'],
    ['tracking-worker', 'ghcr.io/acme/tracking-worker:v1.9.4'],
  ],
  billing: [
    ['billing-api', 'ghcr.io/acme/billing:v2.7.3'],
    ['invoice-worker', 'ghcr.io/acme/invoice-worker:v2.7.3'],
  ],
  logging: [
    ['log-gateway', 'nginx:1.27.2', 80],
    ['loki', 'grafana/loki:3.2.1', 3100, 'StatefulSet'],
  ],
  'ingress-nginx': [['ingress-nginx-controller', 'registry.k8s.io/ingress-nginx/controller:v1.11.3', 80]],
  'cert-manager': [
    ['cert-manager', 'quay.io/jetstack/cert-manager-controller:v1.16.1', 9402],
    ['cert-manager-webhook', 'quay.io/jetstack/cert-manager-webhook:v1.16.1', 10250],
    ['cert-manager-cainjector', 'quay.io/jetstack/cert-manager-cainjector:v1.16.1', 9402],
  ],
};

export const APP_NAMESPACE_POOL: readonly string[] = Object.keys(NAMESPACE_APPS);

export const OPENSHIFT_NAMESPACES: readonly string[] = [
  'openshift-apiserver',
  'openshift-console',
  'openshift-ingress',
  'openshift-monitoring',
];

const PORT_NAMES: Readonly<Record<number, string>> = {
  5432: 'postgres',
  6379: 'redis',
  27017: 'mongodb',
  9092: 'kafka',
  3100: 'http-metrics',
  9090: 'web',
  9093: 'web',
  9402: 'http-metrics',
  10250: 'https',
};

const GENERIC_STATEFULSET: AppSpec = ['redis', 'redis:7.4.1', 6379, 'StatefulSet'];

const GENERIC_COMPONENTS = ['api', 'worker', 'gateway', 'scheduler', 'consumer', 'admin', 'sync', 'exporter'];

function sizeFor(spec: AppSpec): (typeof SIZES)[keyof typeof SIZES] {
  if (spec[3] === 'StatefulSet') return SIZES.db;
  if (spec[1].startsWith('nginx') || spec[0].endsWith('-worker')) return SIZES.small;
  return spec[0].endsWith('-api') ? SIZES.large : SIZES.medium;
}

function template(spec: AppSpec): AppTemplate {
  const size = sizeFor(spec);
  const port = spec[2] ?? 8080;
  return {
    name: spec[0],
    kind: spec[3] ?? 'Deployment',
    image: spec[1],
    port,
    portName: PORT_NAMES[port] ?? 'http',
    cpu: size.cpu,
    memory: size.memory,
  };
}

/** Picks `count` distinct namespace names; beyond the pool, names get a numeric suffix. */
export function pickNamespaces(rng: SeededRandom, count: number): string[] {
  const shuffled = rng.shuffle(APP_NAMESPACE_POOL);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = shuffled[i % shuffled.length] as string;
    const round = Math.floor(i / shuffled.length);
    out.push(round === 0 ? base : `${base}-${round + 1}`);
  }
  return out;
}

/**
 * Yields an endless, deterministic stream of workload templates for a namespace: the well-known
 * apps first, then `<namespace>-<component>` services, so any pod budget can be spent.
 */
export class NamespaceApps {
  private readonly statefulSets: AppTemplate[];
  private readonly deployments: AppTemplate[];
  private readonly used = new Set<string>();
  private nextGeneric = 0;

  constructor(readonly namespace: string) {
    const base = namespace.replace(/-\d+$/, '');
    const specs = NAMESPACE_APPS[base] ?? [];
    this.statefulSets = specs.filter((s) => s[3] === 'StatefulSet').map(template);
    this.deployments = specs.filter((s) => s[3] !== 'StatefulSet').map(template);
  }

  hasStatefulSet(): boolean {
    return this.statefulSets.length > 0;
  }

  /** The namespace's own database if it has one; with `fallback`, a Redis otherwise. */
  takeStatefulSet(fallback = false): AppTemplate | undefined {
    const app = this.statefulSets.shift() ?? (fallback ? this.fresh(GENERIC_STATEFULSET) : undefined);
    if (app !== undefined) this.used.add(app.name);
    return app;
  }

  takeDeployment(): AppTemplate {
    const known = this.deployments.shift();
    if (known !== undefined) {
      this.used.add(known.name);
      return known;
    }
    for (;;) {
      const i = this.nextGeneric++;
      const component = GENERIC_COMPONENTS[i % GENERIC_COMPONENTS.length] as string;
      const round = Math.floor(i / GENERIC_COMPONENTS.length);
      const name = `${this.namespace}-${component}${round === 0 ? '' : `-${round + 1}`}`;
      // Generic names can coincide with catalog ones (`catalog` + `api` is `catalog-api`).
      if (this.used.has(name)) continue;
      this.used.add(name);
      return template([name, `ghcr.io/acme/${this.namespace}-${component}:v1.${round + 2}.${i % 7}`]);
    }
  }

  private fresh(spec: AppSpec): AppTemplate | undefined {
    return this.used.has(spec[0]) ? undefined : template(spec);
  }
}

/** The same image a few releases back, for the ReplicaSets an older rollout left behind. */
export function olderImage(image: string, stepsBack: number): string {
  const match = /^(.*:v?)(\d+)\.(\d+)\.(\d+)$/.exec(image);
  if (match === null) return image;
  const [, prefix = '', major = '0', minor = '0', patch = '0'] = match;
  const p = Number(patch);
  if (p >= stepsBack) return `${prefix}${major}.${minor}.${p - stepsBack}`;
  const m = Math.max(0, Number(minor) - 1);
  return `${prefix}${major}.${m}.${9 - (stepsBack - p - 1)}`;
}
