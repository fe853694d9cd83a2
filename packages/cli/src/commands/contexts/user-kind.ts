import type { DiscoveredCluster, KubeconfigUser } from '@flotilla/cluster-core/node';

/**
 * How a context authenticates, named without revealing anything: `exec (aws)`, `oidc`,
 * `client-certificate`, `token`, `token-file`, `basic`, `none`. Read from the configuration only:
 * no file is opened and no plugin is run.
 */
export function userKind(cluster: Pick<DiscoveredCluster, 'kubeConfig'>): string {
  const user = cluster.kubeConfig.getCurrentUser() as KubeconfigUser | null;
  if (!user) return 'none';
  const kinds: string[] = [];
  if (user.exec) {
    const command = (user.exec as { command?: unknown }).command;
    kinds.push(typeof command === 'string' && command !== '' ? `exec (${basename(command)})` : 'exec');
  }
  if (user.authProvider) {
    const name = (user.authProvider as { name?: unknown }).name;
    kinds.push(
      typeof name === 'string' ? (name === 'oidc' ? 'oidc' : `auth-provider (${name})`) : 'auth-provider',
    );
  }
  if (user.token) kinds.push('token');
  if (user.tokenFile) kinds.push('token-file');
  if (user.certData || user.certFile) kinds.push('client-certificate');
  if (user.username || user.password) kinds.push('basic');
  return kinds.length > 0 ? kinds.join(' + ') : 'none';
}

function basename(command: string): string {
  const parts = command.split(/[\\/]/);
  return parts[parts.length - 1] || command;
}
