import { FlotillaError } from '../../errors';
import type { RawEntry } from './parse-kubeconfig';

/** A cluster the user adds by hand rather than through a kubeconfig file. */
export interface ManualClusterSpec {
  /** Unique among manual clusters; the cluster's id is `manual:<name>`. */
  name: string;
  /** `https://` URL of the API server. */
  server: string;
  /** The server's CA, as PEM text or base64 PEM (`certificate-authority-data`); omit to trust the system CAs. */
  caData?: string;
  /** A bearer token; or else a client certificate and key. */
  token?: string;
  /** PEM text or base64 PEM. */
  clientCertificateData?: string;
  /** PEM text or base64 PEM. */
  clientKeyData?: string;
  insecureSkipTLSVerify?: boolean;
  namespace?: string;
}

/** The kubeconfig entries of one manual cluster (cluster, user and context share its name). */
export interface ManualClusterEntries {
  cluster: RawEntry;
  user: RawEntry;
  context: RawEntry;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@()-]{0,99}$/u;

/** Validates a spec into kubeconfig entries; every problem is a `config` error that quotes no secret. */
export function manualClusterEntries(spec: ManualClusterSpec): ManualClusterEntries {
  const name = typeof spec.name === 'string' ? spec.name.trim() : '';
  const fail = (message: string): never => {
    throw new FlotillaError({
      kind: 'config',
      clusterId: `manual:${name}`,
      clusterName: name || 'manual cluster',
      message,
    });
  };
  if (!NAME.test(name))
    fail('a cluster name is 1–100 letters, digits, spaces or . _ @ ( ) -, starting with a letter or digit');

  let url: URL | null = null;
  try {
    url = new URL(spec.server);
  } catch {
    fail('the server is not a URL');
  }
  if (!url || url.protocol !== 'https:')
    fail('the server must be an https:// URL (credentials are never sent in clear)');
  if (url && (url.username || url.password || url.search || url.hash))
    fail('the server URL must not carry credentials, a query or a fragment');

  const insecure = spec.insecureSkipTLSVerify === true;
  const caData = spec.caData ? pemData(spec.caData, 'CERTIFICATE', 'CA', fail) : undefined;
  // kubectl refuses this pair too: a CA that is never checked only hides that TLS verification is off.
  if (caData && insecure) fail('give either a CA or insecureSkipTLSVerify, not both');

  const token = spec.token?.trim();
  if (token !== undefined && token !== '' && /\s/.test(token)) fail('the token must not contain whitespace');
  const hasCert = Boolean(spec.clientCertificateData);
  const hasKey = Boolean(spec.clientKeyData);
  if (hasCert !== hasKey) fail('a client certificate needs its key, and a key its certificate');
  if (!token && !hasCert) fail('credentials are missing: give a token or a client certificate and key');
  const certData = spec.clientCertificateData
    ? pemData(spec.clientCertificateData, 'CERTIFICATE', 'client certificate', fail)
    : undefined;
  const keyData = spec.clientKeyData
    ? pemData(spec.clientKeyData, 'PRIVATE KEY', 'client key', fail)
    : undefined;

  const server = (url?.toString() ?? '').replace(/\/$/, '');
  return {
    cluster: {
      server,
      ...(caData ? { 'certificate-authority-data': caData } : {}),
      ...(insecure ? { 'insecure-skip-tls-verify': true } : {}),
    },
    user: {
      ...(token ? { token } : {}),
      ...(certData ? { 'client-certificate-data': certData } : {}),
      ...(keyData ? { 'client-key-data': keyData } : {}),
    },
    context: { cluster: name, user: name, ...(spec.namespace ? { namespace: spec.namespace } : {}) },
  };
}

/** Accepts PEM text or its base64 form; returns the base64 form kubeconfig `*-data` fields hold. */
function pemData(input: string, label: string, what: string, fail: (message: string) => never): string {
  const text = input.trim();
  const pem = text.startsWith('-----BEGIN ') ? text : Buffer.from(text, 'base64').toString('utf8');
  const block = new RegExp(`-----BEGIN [A-Z ]*${label}-----[\\s\\S]+-----END [A-Z ]*${label}-----`);
  if (!block.test(pem)) fail(`the ${what} is not PEM (${label}) text or base64 PEM`);
  return Buffer.from(pem.endsWith('\n') ? pem : `${pem}\n`, 'utf8').toString('base64');
}
