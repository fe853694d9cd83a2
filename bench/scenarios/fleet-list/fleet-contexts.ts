import { KubeConfig } from '@kubernetes/client-node';

/** What a plain HTTPS client needs to reach one context's cluster. */
export interface ContextTarget {
  context: string;
  server: string;
  caPem: string;
  token: string;
}

/** Every context of a simulated fleet's kubeconfig (token users only, as the fleet writes them). */
export function contextTargets(kubeconfigPath: string): ContextTarget[] {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc.getContexts().map((context) => {
    const cluster = kc.getCluster(context.cluster);
    const user = kc.getUser(context.user);
    if (!cluster?.caData || !user?.token) throw new Error(`context ${context.name}: no CA or token`);
    return {
      context: context.name,
      server: cluster.server,
      caPem: Buffer.from(cluster.caData, 'base64').toString('utf8'),
      token: user.token,
    };
  });
}
