import type { Buffer } from 'node:buffer';
import type { Cluster, KubeConfig, User } from '@kubernetes/client-node';
import { systemClock, type Clock } from '../../clock';
import {
  credentialError,
  type CredentialKind,
  type CredentialOwner,
  type CredentialSource,
} from './credential-source';
import { ExecCredentialSource } from './exec-credential-source';
import { parseExecConfig, type ExecClusterInfo } from './exec-config';
import { readFileOrData, resolveKubeconfigPath } from './kubeconfig-files';
import { OidcSource } from './oidc-source';
import { basicAuth, noCredentials, staticToken } from './static-sources';
import { TokenFileSource } from './token-file-source';

export interface ClusterCredentialsOptions {
  clusterId: string;
  clusterName?: string;
  /** Directory of the kubeconfig file, to resolve relative certificate, key, token and command paths. */
  kubeconfigDir?: string;
  /**
   * The user's `token-file`. client-node reads it once at load and forgets the path; the kubeconfig
   * loader keeps it as `tokenFile` on the user, which is used when this is not given.
   */
  tokenFile?: string;
  /** Re-read period of `tokenFile`. Default 60 s. */
  tokenFileRefreshMs?: number;
  /** Exec plugin timeout; the plugin is killed after it. Default 60 s. */
  execTimeoutMs?: number;
  /** Exec credentials are refreshed this long before they expire. Default 10 s. */
  execExpirySkewMs?: number;
  clock?: Clock;
}

/** Connection-level material: where the cluster is and how its certificate is verified. */
export interface TlsMaterial {
  server: string;
  ca?: Buffer;
  cert?: Buffer | string;
  key?: Buffer | string;
  insecureSkipTLSVerify: boolean;
  /** kubeconfig `tls-server-name`: the name to verify the server certificate against (and SNI). */
  tlsServerName?: string;
}

/** Everything one authenticated request needs. */
export interface ResolvedCredentials {
  headers: Record<string, string>;
  tls: TlsMaterial;
  /** Pass back to {@link ClusterCredentials.invalidate} after a 401. */
  generation: number;
}

const REMOVED_PROVIDERS: Record<string, string> = {
  azure: 'kubelogin (https://azure.github.io/kubelogin)',
  gcp: 'gke-gcloud-auth-plugin',
};

/**
 * One cluster's credentials, built from a KubeConfig that holds only that cluster (its current
 * context is the cluster's context; nothing here ever changes it). Shares nothing with any other
 * cluster's credentials: no cache, no plugin run, no file watcher.
 */
export class ClusterCredentials {
  readonly clusterId: string;
  readonly clusterName: string | undefined;
  /** Server URL without a trailing slash. */
  readonly server: string;
  readonly authKind: CredentialKind;
  /** TLS material from the kubeconfig; exec plugins may add a client certificate per request. */
  readonly tls: TlsMaterial;
  private readonly source: CredentialSource;
  private readonly extraHeaders: Record<string, string>;

  constructor(kubeConfig: KubeConfig, options: ClusterCredentialsOptions) {
    const owner: CredentialOwner = {
      clusterId: options.clusterId,
      ...(options.clusterName !== undefined ? { clusterName: options.clusterName } : {}),
    };
    this.clusterId = options.clusterId;
    this.clusterName = options.clusterName;
    const contextName = kubeConfig.getCurrentContext();
    const context = kubeConfig.getContextObject(contextName);
    if (!context) throw credentialError(owner, 'config', `kubeconfig has no context "${contextName}"`);
    const cluster = kubeConfig.getCluster(context.cluster);
    if (!cluster)
      throw credentialError(
        owner,
        'config',
        `context "${contextName}" names unknown cluster "${context.cluster}"`,
      );
    const user = context.user ? kubeConfig.getUser(context.user) : null;
    if (context.user && !user)
      throw credentialError(owner, 'config', `context "${contextName}" names unknown user "${context.user}"`);

    this.server = validateServer(cluster, owner);
    this.tls = tlsMaterial(cluster, user, owner, options.kubeconfigDir);
    this.source = credentialSource(kubeConfig, cluster, this.tls, user, owner, options);
    this.authKind = this.source.kind;
    this.extraHeaders = user?.impersonateUser ? { 'Impersonate-User': user.impersonateUser } : {};
  }

  /** The request headers that authenticate to this cluster (Authorization, impersonation). */
  async authHeaders(signal?: AbortSignal): Promise<Record<string, string>> {
    return (await this.resolve(signal)).headers;
  }

  /** Headers plus TLS material, including a client certificate an exec plugin may have issued. */
  async resolve(signal?: AbortSignal): Promise<ResolvedCredentials> {
    const material = await this.source.get(signal);
    const tls =
      material.cert !== undefined && material.key !== undefined
        ? { ...this.tls, cert: material.cert, key: material.key }
        : this.tls;
    return { headers: { ...this.extraHeaders, ...material.headers }, tls, generation: material.generation };
  }

  /**
   * Forgets cached credentials so the next request obtains fresh ones. With the generation a
   * rejected request was sent with, nothing happens if they were refreshed since.
   */
  invalidate(generation?: number): void {
    this.source.invalidate(generation);
  }

  /** Secrets currently held (tokens, passwords), for redaction. */
  secrets(): string[] {
    return this.source.secrets();
  }

  /** Kills a running exec plugin; later calls fail with `cancelled`. */
  dispose(): void {
    this.source.dispose();
  }
}

function validateServer(cluster: Cluster, owner: CredentialOwner): string {
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw credentialError(owner, 'config', `cluster "${cluster.name}" has an invalid server URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw credentialError(
      owner,
      'config',
      `cluster "${cluster.name}": server must be https:// (got ${url.protocol})`,
    );
  }
  if (cluster.proxyUrl)
    throw credentialError(owner, 'config', `cluster "${cluster.name}": proxy-url is not supported yet`);
  return cluster.server.replace(/\/+$/, '');
}

function tlsMaterial(
  cluster: Cluster,
  user: User | null,
  owner: CredentialOwner,
  dir: string | undefined,
): TlsMaterial {
  const ca = readFileOrData(owner, 'certificate-authority', cluster.caFile, cluster.caData, dir);
  const cert = readFileOrData(owner, 'client-certificate', user?.certFile, user?.certData, dir);
  const key = readFileOrData(owner, 'client-key', user?.keyFile, user?.keyData, dir);
  if ((cert === undefined) !== (key === undefined)) {
    throw credentialError(
      owner,
      'config',
      `user "${user?.name ?? ''}" needs both a client certificate and a client key`,
    );
  }
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    insecureSkipTLSVerify: cluster.skipTLSVerify,
    ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
  };
}

function credentialSource(
  kubeConfig: KubeConfig,
  cluster: Cluster,
  tls: TlsMaterial,
  user: User | null,
  owner: CredentialOwner,
  options: ClusterCredentialsOptions,
): CredentialSource {
  const clock = options.clock ?? systemClock;
  if (!user) return noCredentials();
  const provider = authProviderName(user);
  if (provider !== undefined) {
    if (provider === 'oidc') return new OidcSource(kubeConfig, owner);
    const replacement = REMOVED_PROVIDERS[provider];
    throw credentialError(
      owner,
      'config',
      replacement
        ? `auth-provider "${provider}" was removed from client-go; use an exec plugin such as ${replacement}`
        : `auth-provider "${provider}" is not supported; use an exec plugin`,
    );
  }
  if (user.exec) {
    return new ExecCredentialSource(parseExecConfig(user.exec, owner, options.kubeconfigDir), {
      owner,
      clock,
      cluster: execClusterInfo(cluster, tls),
      ...(options.execTimeoutMs !== undefined ? { timeoutMs: options.execTimeoutMs } : {}),
      ...(options.execExpirySkewMs !== undefined ? { expirySkewMs: options.execExpirySkewMs } : {}),
    });
  }
  const tokenFile = options.tokenFile ?? userTokenFile(user);
  if (tokenFile) {
    return new TokenFileSource(
      resolveKubeconfigPath(tokenFile, options.kubeconfigDir),
      owner,
      clock,
      options.tokenFileRefreshMs,
    );
  }
  // client-node fills `token` from `token-file` at load time, newline included.
  const token = user.token?.trim();
  if (token) return staticToken(token);
  if (user.username && user.password) return basicAuth(user.username, user.password);
  return noCredentials();
}

function userTokenFile(user: User): string | undefined {
  const file: unknown = (user as User & { tokenFile?: unknown }).tokenFile;
  return typeof file === 'string' && file !== '' ? file : undefined;
}

function authProviderName(user: User): string | undefined {
  const provider: unknown = user.authProvider;
  if (typeof provider !== 'object' || provider === null) return undefined;
  const name = (provider as { name?: unknown }).name;
  return typeof name === 'string' ? name : 'unnamed';
}

function execClusterInfo(cluster: Cluster, tls: TlsMaterial): ExecClusterInfo {
  const ca = tls.ca;
  return {
    server: cluster.server,
    ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
    ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(ca ? { 'certificate-authority-data': ca.toString('base64') } : {}),
  };
}
