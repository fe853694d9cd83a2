import { stringify } from 'yaml';

export type KubeconfigCredential =
  | { token: string }
  | { clientCertificateData: string; clientKeyData: string }
  | {
      exec: {
        command: string;
        args: string[];
        env?: Array<{ name: string; value: string }>;
        apiVersion?: string;
      };
    };

export interface KubeconfigEntry {
  contextName: string;
  clusterName: string;
  userName: string;
  server: string;
  certificateAuthorityData: string;
  credential: KubeconfigCredential;
  namespace?: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A kubeconfig document (v1 Config) for the given contexts, ready to be written as YAML. */
export function buildKubeconfig(entries: readonly KubeconfigEntry[], currentContext?: string): string {
  const users = new Map<string, Record<string, unknown>>();
  for (const entry of entries) {
    const credential = entry.credential;
    let user: Record<string, unknown>;
    if ('token' in credential) user = { token: credential.token };
    else if ('exec' in credential) {
      user = {
        exec: {
          apiVersion: credential.exec.apiVersion ?? 'client.authentication.k8s.io/v1',
          command: credential.exec.command,
          args: credential.exec.args,
          env: credential.exec.env ?? null,
          interactiveMode: 'Never',
          provideClusterInfo: false,
        },
      };
    } else {
      user = {
        'client-certificate-data': b64(credential.clientCertificateData),
        'client-key-data': b64(credential.clientKeyData),
      };
    }
    users.set(entry.userName, user);
  }
  const clusters = new Map<string, Record<string, unknown>>();
  for (const entry of entries) {
    clusters.set(entry.clusterName, {
      server: entry.server,
      'certificate-authority-data': b64(entry.certificateAuthorityData),
    });
  }
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [...clusters].map(([name, cluster]) => ({ name, cluster })),
    users: [...users].map(([name, user]) => ({ name, user })),
    contexts: entries.map((entry) => ({
      name: entry.contextName,
      context: {
        cluster: entry.clusterName,
        user: entry.userName,
        ...(entry.namespace ? { namespace: entry.namespace } : {}),
      },
    })),
    'current-context': currentContext ?? entries[0]?.contextName ?? '',
  };
  return stringify(doc);
}
