import { readFile } from 'node:fs/promises';
import type { Clock } from '../../clock';
import {
  awaitShared,
  credentialError,
  type AuthMaterial,
  type CredentialOwner,
  type CredentialSource,
} from './credential-source';

/** A kubeconfig `tokenFile` is read again this often (and after a 401). */
export const DEFAULT_TOKEN_FILE_REFRESH_MS = 60_000;

interface Loaded {
  token: string;
  material: AuthMaterial;
  readAt: number;
}

/**
 * A bearer token read from a file (kubeconfig `tokenFile`, projected service-account tokens),
 * re-read every `refreshMs` and after a 401, as client-go's cached token source does. If a
 * re-read fails, the last good token is kept: the file is usually being rotated.
 */
export class TokenFileSource implements CredentialSource {
  readonly kind = 'token-file' as const;
  private loaded: Loaded | null = null;
  private stale = false;
  private reading: Promise<AuthMaterial> | null = null;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly path: string,
    private readonly owner: CredentialOwner,
    private readonly clock: Clock,
    private readonly refreshMs = DEFAULT_TOKEN_FILE_REFRESH_MS,
  ) {}

  get(signal: AbortSignal | undefined): Promise<AuthMaterial> {
    if (this.disposed)
      return Promise.reject(credentialError(this.owner, 'cancelled', 'credentials disposed'));
    const loaded = this.loaded;
    if (loaded && !this.stale && this.clock.now() - loaded.readAt < this.refreshMs)
      return Promise.resolve(loaded.material);
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return awaitShared(this.reading, signal, () =>
      credentialError(this.owner, 'cancelled', 'request cancelled'),
    );
  }

  invalidate(generation?: number): void {
    if (generation === undefined || generation === this.generation) this.stale = true;
  }

  secrets(): string[] {
    return this.loaded ? [this.loaded.token] : [];
  }

  dispose(): void {
    this.disposed = true;
  }

  private async read(): Promise<AuthMaterial> {
    let token: string;
    try {
      token = (await readFile(this.path, 'utf8')).trim();
      if (!token) throw new Error('the file is empty');
    } catch (error) {
      if (this.loaded) return this.keepLast();
      const reason = error instanceof Error ? error.message : String(error);
      throw credentialError(this.owner, 'config', `cannot read token file ${this.path}: ${reason}`, error);
    }
    const previous = this.loaded;
    if (!previous || previous.token !== token) this.generation++;
    const material: AuthMaterial = {
      headers: { Authorization: `Bearer ${token}` },
      generation: this.generation,
    };
    this.loaded = { token, material, readAt: this.clock.now() };
    this.stale = false;
    return material;
  }

  private keepLast(): AuthMaterial {
    const loaded = this.loaded as Loaded;
    this.loaded = { ...loaded, readAt: this.clock.now() };
    this.stale = false;
    return loaded.material;
  }
}
