import { isAbsolute, join, sep } from 'node:path';
import { credentialError, type CredentialOwner } from './credential-source';

/** The client-go ExecCredential API versions a plugin may speak (v1alpha1 was removed in 1.24). */
export const EXEC_API_VERSIONS = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
] as const;

/** A kubeconfig `user.exec` block, validated. */
export interface ExecPluginConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  installHint?: string;
  provideClusterInfo: boolean;
}

/** `spec.cluster` of ExecCredential, sent when the kubeconfig asks for `provideClusterInfo`. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** Base64 of the CA bundle (the JSON form of Go's `[]byte`). */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
}

/** What the plugin printed under `status`. */
export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a kubeconfig exec block. A command with a path separator is relative to the
 * kubeconfig's directory, as in client-go; a bare name is looked up on PATH.
 */
export function parseExecConfig(
  raw: unknown,
  owner: CredentialOwner,
  kubeconfigDir?: string,
): ExecPluginConfig {
  const fail = (message: string) => credentialError(owner, 'config', `kubeconfig exec: ${message}`);
  if (!isRecord(raw)) throw fail('expected an object');
  const command = raw['command'];
  if (typeof command !== 'string' || command === '') throw fail('command is required');
  const apiVersion = raw['apiVersion'] ?? EXEC_API_VERSIONS[0];
  if (typeof apiVersion !== 'string' || !(EXEC_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw fail(`unsupported apiVersion ${String(apiVersion)}; use ${EXEC_API_VERSIONS.join(' or ')}`);
  }
  const args = raw['args'] ?? [];
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string'))
    throw fail('args must be strings');
  const rawEnv = raw['env'] ?? [];
  if (!Array.isArray(rawEnv)) throw fail('env must be a list of { name, value }');
  const env: Record<string, string> = {};
  for (const entry of rawEnv as unknown[]) {
    if (!isRecord(entry) || typeof entry['name'] !== 'string')
      throw fail('env entries need a name and a value');
    env[entry['name']] = String(entry['value'] ?? '');
  }
  const resolved =
    kubeconfigDir && !isAbsolute(command) && (command.includes(sep) || command.includes('/'))
      ? join(kubeconfigDir, command)
      : command;
  return {
    apiVersion,
    command: resolved,
    args,
    env,
    ...(typeof raw['installHint'] === 'string' ? { installHint: raw['installHint'] } : {}),
    provideClusterInfo: raw['provideClusterInfo'] === true,
  };
}

/** The `KUBERNETES_EXEC_INFO` a plugin reads; we never run plugins interactively. */
export function execInfo(config: ExecPluginConfig, cluster: ExecClusterInfo | undefined): string {
  return JSON.stringify({
    apiVersion: config.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...(config.provideClusterInfo && cluster ? { cluster } : {}) },
  });
}

/**
 * Parses a plugin's stdout. Messages never quote the output: it is the credential.
 */
export function parseExecCredential(
  stdout: string,
  config: ExecPluginConfig,
  owner: CredentialOwner,
): ExecCredentialStatus {
  const fail = (message: string) =>
    credentialError(owner, 'exec-plugin', `exec plugin "${config.command}": ${message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw fail(`output is not JSON (${stdout.length} bytes)`);
  }
  if (!isRecord(parsed) || parsed['kind'] !== 'ExecCredential') throw fail('output is not an ExecCredential');
  if (parsed['apiVersion'] !== config.apiVersion) {
    throw fail(`configured for ${config.apiVersion} but returned ${String(parsed['apiVersion'])}`);
  }
  const status = parsed['status'];
  if (!isRecord(status)) throw fail('ExecCredential has no status');
  const text = (key: string) =>
    typeof status[key] === 'string' && status[key] !== '' ? (status[key] as string) : undefined;
  const token = text('token');
  const clientCertificateData = text('clientCertificateData');
  const clientKeyData = text('clientKeyData');
  const expirationTimestamp = text('expirationTimestamp');
  if ((clientCertificateData === undefined) !== (clientKeyData === undefined)) {
    throw fail('status needs both clientCertificateData and clientKeyData, or neither');
  }
  if (token === undefined && clientCertificateData === undefined)
    throw fail('status has neither a token nor a client certificate');
  if (expirationTimestamp !== undefined && Number.isNaN(Date.parse(expirationTimestamp))) {
    throw fail('status.expirationTimestamp is not a timestamp');
  }
  return {
    ...(token !== undefined ? { token } : {}),
    ...(clientCertificateData !== undefined
      ? { clientCertificateData, clientKeyData: clientKeyData as string }
      : {}),
    ...(expirationTimestamp !== undefined ? { expirationTimestamp } : {}),
  };
}
