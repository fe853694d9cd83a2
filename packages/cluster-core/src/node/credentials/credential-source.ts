import { FlotillaError, type FlotillaErrorKind } from '../../errors';

/** What one credential source contributes to a request. */
export interface AuthMaterial {
  headers: Record<string, string>;
  /** Client certificate and key (PEM) obtained at run time, e.g. from an exec plugin. */
  cert?: string;
  key?: string;
  /**
   * Changes whenever a new credential is obtained. A 401 names the generation it was sent with,
   * so concurrent 401s for one stale credential cause one refresh, not one each (client-go: refresh
   * only if not already refreshed).
   */
  generation: number;
}

/** One way of authenticating a cluster's requests (token, token file, exec plugin, OIDC, …). */
export interface CredentialSource {
  readonly kind: CredentialKind;
  get(signal: AbortSignal | undefined): Promise<AuthMaterial>;
  /** Drops cached credentials, unless `generation` is given and they were refreshed since. */
  invalidate(generation?: number): void;
  /** Secrets currently held, for verbatim redaction of error messages. */
  secrets(): string[];
  /** Kills running helpers (exec plugins); later `get` calls fail with `cancelled`. */
  dispose(): void;
}

export type CredentialKind = 'none' | 'token' | 'token-file' | 'basic' | 'exec' | 'oidc';

/** The cluster a credential belongs to; every error names it. */
export interface CredentialOwner {
  clusterId: string;
  clusterName?: string;
}

export function credentialError(
  owner: CredentialOwner,
  kind: FlotillaErrorKind,
  message: string,
  cause?: unknown,
): FlotillaError {
  return new FlotillaError({
    kind,
    clusterId: owner.clusterId,
    ...(owner.clusterName !== undefined ? { clusterName: owner.clusterName } : {}),
    message,
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * Waits for a shared promise (one plugin run serves many callers) without letting one caller's
 * abort cancel it for the others: the caller stops waiting, the work goes on.
 */
export function awaitShared<T>(
  shared: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => unknown,
): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
