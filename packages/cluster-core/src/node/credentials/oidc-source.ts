import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  awaitShared,
  credentialError,
  type AuthMaterial,
  type CredentialOwner,
  type CredentialSource,
} from './credential-source';

/**
 * `auth-provider: oidc`, the one auth source we leave to client-node: its authenticator refreshes
 * the id-token with the refresh token (openid-client). The KubeConfig holds only this cluster, so
 * its current user is this cluster's user. Calls are single-flight: client-node would otherwise
 * send one refresh grant per concurrent request once the id-token expired.
 */
export class OidcSource implements CredentialSource {
  readonly kind = 'oidc' as const;
  private generation = 0;
  private lastToken: string | null = null;
  private running: Promise<AuthMaterial> | null = null;
  private disposed = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly owner: CredentialOwner,
  ) {}

  get(signal?: AbortSignal): Promise<AuthMaterial> {
    if (this.disposed)
      return Promise.reject(credentialError(this.owner, 'cancelled', 'credentials disposed'));
    this.running ??= this.load().finally(() => {
      this.running = null;
    });
    return awaitShared(this.running, signal, () =>
      credentialError(this.owner, 'cancelled', 'request cancelled'),
    );
  }

  private async load(): Promise<AuthMaterial> {
    const options: RequestOptions = { headers: {} };
    try {
      await this.kubeConfig.applyToHTTPSOptions(options);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Auth-class: the user has to log in again, which the auth recovery loop will notice.
      throw credentialError(this.owner, 'auth', `OIDC token refresh failed: ${reason}`, error);
    }
    const header = (options.headers as Record<string, unknown> | undefined)?.['Authorization'];
    if (typeof header !== 'string')
      throw credentialError(this.owner, 'auth', 'OIDC auth-provider yielded no id-token');
    const token = header.replace(/^Bearer\s+/i, '');
    if (token !== this.lastToken) {
      this.lastToken = token;
      this.generation++;
    }
    return { headers: { Authorization: header }, generation: this.generation };
  }

  invalidate(): void {
    // client-node refreshes by expiry only; a rejected id-token surfaces as `auth`.
  }

  secrets(): string[] {
    return this.lastToken ? [this.lastToken] : [];
  }

  dispose(): void {
    this.disposed = true;
  }
}
