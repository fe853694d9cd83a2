import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { credentialError, type CredentialOwner } from './credential-source';

/** A kubeconfig path is relative to the kubeconfig's own directory, not to the process's cwd. */
export function resolveKubeconfigPath(file: string, kubeconfigDir: string | undefined): string {
  return kubeconfigDir && !isAbsolute(file) ? resolve(kubeconfigDir, file) : file;
}

/**
 * Reads `<field>` (a file) or `<field>-data` (base64), like client-go: the file wins when both are
 * set. Returns undefined when neither is.
 */
export function readFileOrData(
  owner: CredentialOwner,
  field: string,
  file: string | null | undefined,
  data: string | null | undefined,
  kubeconfigDir: string | undefined,
): Buffer | undefined {
  if (file) {
    const path = resolveKubeconfigPath(file, kubeconfigDir);
    try {
      return readFileSync(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw credentialError(owner, 'config', `cannot read ${field} file ${path}: ${reason}`, error);
    }
  }
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
