import { createHash } from 'node:crypto';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import type { ClusterSource } from '../../cluster-state';
import { FlotillaError } from '../../errors';
import { isRecord, type RawEntry } from './parse-kubeconfig';
import type { DiscoveredCluster } from './types';

/** A client-node user plus the `token-file` reference client-node drops. */
export type KubeconfigUser = User & { readonly tokenFile?: string };

export interface ContextDefinition {
  clusterId: string;
  clusterName: string;
  source: ClusterSource;
  context: RawEntry;
  cluster: { name: string; body: RawEntry };
  /** `null` when the context names no user (anonymous access). */
  user: { name: string; body: RawEntry } | null;
  /** The user the context names when no file defines it. */
  missingUser?: string;
}

const LEGACY_AUTH_PROVIDERS: ReadonlySet<string> = new Set(['azure', 'gcp']);

/** Builds one cluster; returns a `config` error when the context cannot be used at all (no server). */
export function buildDiscoveredCluster(def: ContextDefinition): DiscoveredCluster | FlotillaError {
  const fail = (message: string) =>
    new FlotillaError({ kind: 'config', clusterId: def.clusterId, clusterName: def.clusterName, message });
  const server = def.cluster.body['server'];
  if (typeof server !== 'string' || server === '') return fail(`cluster "${def.cluster.name}" has no server`);

  const cluster = toCluster(def.cluster.name, def.cluster.body, server);
  const user = def.user ? toUser(def.user.name, def.user.body) : null;
  const userName = def.user?.name ?? def.missingUser;
  const namespace =
    typeof def.context['namespace'] === 'string' && def.context['namespace'] !== ''
      ? def.context['namespace']
      : null;
  // client-node's own parser leaves `user` undefined for an anonymous context, whatever its type says.
  const context = compact({
    name: def.clusterName,
    cluster: def.cluster.name,
    user: userName,
    namespace: namespace ?? undefined,
  }) as Context;

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [cluster],
    users: user ? [user] : [],
    contexts: [context],
    currentContext: def.clusterName,
  });
  freezeKubeConfig(kubeConfig);

  return {
    clusterId: def.clusterId,
    clusterName: def.clusterName,
    source: def.source,
    kubeConfig,
    server: cluster.server,
    insecureSkipTLSVerify: cluster.skipTLSVerify,
    namespace,
    fingerprint: fingerprint({
      context: { name: def.clusterName, ...def.context },
      cluster: { name: def.cluster.name, ...def.cluster.body },
      user: def.user ? { name: def.user.name, ...def.user.body } : { missing: def.missingUser ?? null },
    }),
    error: def.missingUser
      ? fail(
          `user "${def.missingUser}" is not defined in any kubeconfig file; define it to use this cluster (kubectl refuses it too)`,
        )
      : legacyAuthProviderError(def, fail),
  };
}

function legacyAuthProviderError(
  def: ContextDefinition,
  fail: (message: string) => FlotillaError,
): FlotillaError | null {
  const provider = def.user?.body['auth-provider'];
  const name = isRecord(provider) ? provider['name'] : undefined;
  if (typeof name !== 'string' || !LEGACY_AUTH_PROVIDERS.has(name)) return null;
  return fail(
    `user "${def.user?.name ?? ''}" uses the removed "${name}" auth-provider; switch to its exec plugin ` +
      `(${name === 'gcp' ? 'gke-gcloud-auth-plugin' : 'kubelogin'})`,
  );
}

function toCluster(name: string, body: RawEntry, server: string): Cluster {
  return compact({
    name,
    // client-node strips the trailing slash too; paths are appended to this URL.
    server: server.replace(/\/$/, ''),
    caData: str(body['certificate-authority-data']),
    caFile: str(body['certificate-authority']),
    skipTLSVerify: body['insecure-skip-tls-verify'] === true,
    tlsServerName: str(body['tls-server-name']),
    proxyUrl: str(body['proxy-url']),
  });
}

function toUser(name: string, body: RawEntry): KubeconfigUser {
  return compact({
    name,
    token: str(body['token']),
    tokenFile: str(body['token-file']),
    certData: str(body['client-certificate-data']),
    certFile: str(body['client-certificate']),
    keyData: str(body['client-key-data']),
    keyFile: str(body['client-key']),
    exec: isRecord(body['exec']) ? deepFreeze(structuredClone(body['exec'])) : undefined,
    // Not frozen: client-node's OIDC provider writes refreshed tokens back into its config.
    authProvider: isRecord(body['auth-provider']) ? structuredClone(body['auth-provider']) : undefined,
    username: str(body['username']),
    password: str(body['password']),
    impersonateUser: str(body['as']),
  });
}

/**
 * Makes the per-cluster KubeConfig immutable: the object (so `setCurrentContext` and the loaders
 * throw), its lists (so `addUser`/`addContext` throw) and their entries. The authenticator lists stay
 * as they are, they cache this cluster's exec tokens.
 */
export function freezeKubeConfig(kubeConfig: KubeConfig): KubeConfig {
  for (const list of [kubeConfig.clusters, kubeConfig.users, kubeConfig.contexts]) {
    for (const entry of list) Object.freeze(entry);
    Object.freeze(list);
  }
  Object.freeze(kubeConfig);
  return kubeConfig;
}

/** SHA-256 of a canonical (key-sorted) JSON rendering. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Drops `undefined` fields so exported configs and fingerprints only show what the file said. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
