import { Buffer } from 'node:buffer';
import type { AuthMaterial, CredentialKind, CredentialSource } from './credential-source';

/** Credentials that never change: none, a literal bearer token, or username/password. */
class StaticSource implements CredentialSource {
  private readonly material: AuthMaterial;

  constructor(
    readonly kind: CredentialKind,
    headers: Record<string, string>,
    private readonly held: string[],
  ) {
    this.material = { headers, generation: 0 };
  }

  get(): Promise<AuthMaterial> {
    return Promise.resolve(this.material);
  }

  invalidate(): void {
    // A literal credential cannot be refreshed; the 401 surfaces after the retry.
  }

  secrets(): string[] {
    return this.held;
  }

  dispose(): void {}
}

export function noCredentials(): CredentialSource {
  return new StaticSource('none', {}, []);
}

export function staticToken(token: string): CredentialSource {
  return new StaticSource('token', { Authorization: `Bearer ${token}` }, [token]);
}

export function basicAuth(username: string, password: string): CredentialSource {
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  return new StaticSource('basic', { Authorization: `Basic ${encoded}` }, [password, encoded]);
}
