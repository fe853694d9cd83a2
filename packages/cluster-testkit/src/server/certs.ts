// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as Crypto);

const KEY_ALGORITHM: EcKeyGenParams & { name: 'ECDSA' } = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PemKeyPair {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends PemKeyPair {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

function serial(): string {
  return webcrypto
    .getRandomValues(new Uint8Array(16))
    .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '01');
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/** A fresh self-signed CA; each simulated cluster gets its own, like real clusters do. */
export async function createCertificateAuthority(commonName: string): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    ...validity(365),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as CryptoKey),
    ],
  });
  return {
    certificate,
    keys: keys as CryptoKeyPair,
    certPem: certificate.toString('pem'),
    keyPem: await exportKeyPem(keys.privateKey as CryptoKey),
  };
}

interface LeafOptions {
  subject: string;
  usage: 'server' | 'client';
  ips?: string[];
  dnsNames?: string[];
}

async function issue(ca: CertificateAuthority, options: LeafOptions): Promise<PemKeyPair> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const sans = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension(
      [options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
      false,
    ),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false),
  ];
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: options.subject,
    issuer: ca.certificate.subject,
    ...validity(365),
    signingKey: ca.keys.privateKey as CryptoKey,
    publicKey: keys.publicKey as CryptoKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
  return { certPem: certificate.toString('pem'), keyPem: await exportKeyPem(keys.privateKey as CryptoKey) };
}

/** A serving certificate for loopback: SAN IP:127.0.0.1 (kubectl and Node verify the IP SAN). */
export function issueServerCertificate(
  ca: CertificateAuthority,
  hosts = { ips: ['127.0.0.1', '::1'], dnsNames: ['localhost'] },
) {
  return issue(ca, { subject: 'CN=kube-apiserver', usage: 'server', ...hosts });
}

/** A client certificate whose CN is the user and O the groups, as the apiserver reads them. */
export function issueClientCertificate(ca: CertificateAuthority, user: string, groups: string[] = []) {
  const subject = [`CN=${user}`, ...groups.map((g) => `O=${g}`)].join(', ');
  return issue(ca, { subject, usage: 'client' });
}

/** A short fingerprint that identifies a credential in logs without revealing it. */
export function credentialFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}
