import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  credentialError,
  type AuthMaterial,
  type CredentialOwner,
  type CredentialSource,
} from './credential-source';

/**
 * `auth-provider: oidc`, the one auth source we leave to client-node: its authenticator refreshes
 * the id-token with the refresh token (openid-client). The KubeConfig holds only this cluster, so
 * its current user is this cluster's user.
 */
export class OidcSource implements CredentialSource {
  readonly kind = 'oidc' as const;
  private generation = 0;
  private lastToken: string | null = null;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly owner: CredentialOwner,
  ) {}

  async get(): Promise<AuthMaterial> {
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

  dispose(): void {}
}
