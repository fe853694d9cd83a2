import type { Clock } from '../../clock';
import {
  awaitShared,
  credentialError,
  type AuthMaterial,
  type CredentialOwner,
  type CredentialSource,
} from './credential-source';
import { parseExecCredential, type ExecClusterInfo, type ExecPluginConfig } from './exec-config';
import { runExecPlugin } from './exec-plugin-runner';

/** Long enough for an interactive login in a browser (kubelogin, gke-gcloud-auth-plugin). */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
/** Refresh this long before `expirationTimestamp`, so a request does not leave with a token about to die. */
export const DEFAULT_EXEC_EXPIRY_SKEW_MS = 10_000;

export interface ExecCredentialSourceOptions {
  owner: CredentialOwner;
  clock: Clock;
  timeoutMs?: number;
  expirySkewMs?: number;
  cluster?: ExecClusterInfo;
}

interface Cached {
  material: AuthMaterial;
  /** Clock time after which the credential must be refreshed; null when it does not expire. */
  refreshAt: number | null;
}

// Kept to redact a token that was just replaced but may still echo in a late error.
const REMEMBERED_SECRETS = 4;

/**
 * Credentials from an exec plugin, run by us rather than client-node (which has no timeout, no
 * single flight and ignores 401s): cached until shortly before expiry, one run at a time for
 * however many callers, dropped on a 401, killed after a timeout.
 */
export class ExecCredentialSource implements CredentialSource {
  readonly kind = 'exec' as const;
  private cached: Cached | null = null;
  private running: Promise<AuthMaterial> | null = null;
  private generation = 0;
  private readonly held: string[] = [];
  private readonly lifetime = new AbortController();
  private readonly timeoutMs: number;
  private readonly skewMs: number;

  constructor(
    private readonly config: ExecPluginConfig,
    private readonly options: ExecCredentialSourceOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    this.skewMs = options.expirySkewMs ?? DEFAULT_EXEC_EXPIRY_SKEW_MS;
  }

  /** Whether a plugin run is in progress (tests and diagnostics). */
  get isRunning(): boolean {
    return this.running !== null;
  }

  get(signal: AbortSignal | undefined): Promise<AuthMaterial> {
    const { owner } = this.options;
    if (this.lifetime.signal.aborted)
      return Promise.reject(credentialError(owner, 'cancelled', 'credentials disposed'));
    const cached = this.cached;
    if (cached && (cached.refreshAt === null || this.options.clock.now() < cached.refreshAt)) {
      return Promise.resolve(cached.material);
    }
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return awaitShared(this.running, signal, () => credentialError(owner, 'cancelled', 'request cancelled'));
  }

  invalidate(generation?: number): void {
    // A run in flight already yields a fresh credential; a newer generation means someone refreshed.
    if (this.running) return;
    if (generation !== undefined && generation !== this.generation) return;
    this.cached = null;
  }

  secrets(): string[] {
    return [...this.held];
  }

  dispose(): void {
    this.lifetime.abort();
    this.cached = null;
  }

  private async run(): Promise<AuthMaterial> {
    const { owner, clock } = this.options;
    const startedAt = clock.now();
    const stdout = await runExecPlugin(this.config, {
      owner,
      clock,
      timeoutMs: this.timeoutMs,
      signal: this.lifetime.signal,
      ...(this.options.cluster ? { cluster: this.options.cluster } : {}),
    });
    const status = parseExecCredential(stdout, this.config, owner);
    this.remember(status.token, status.clientKeyData);
    this.generation++;
    const material: AuthMaterial = {
      headers: status.token !== undefined ? { Authorization: `Bearer ${status.token}` } : {},
      ...(status.clientCertificateData !== undefined ? { cert: status.clientCertificateData } : {}),
      ...(status.clientKeyData !== undefined ? { key: status.clientKeyData } : {}),
      generation: this.generation,
    };
    if (!this.lifetime.signal.aborted)
      this.cached = { material, refreshAt: this.refreshAt(status.expirationTimestamp, startedAt) };
    return material;
  }

  private refreshAt(expirationTimestamp: string | undefined, startedAt: number): number | null {
    if (expirationTimestamp === undefined) return null;
    const expiresAt = Date.parse(expirationTimestamp);
    // A short-lived credential must still serve a few requests: never skew by more than half its life.
    const skew = Math.min(this.skewMs, Math.max(0, (expiresAt - startedAt) / 2));
    return expiresAt - skew;
  }

  private remember(...secrets: Array<string | undefined>): void {
    for (const secret of secrets) if (secret !== undefined) this.held.push(secret);
    this.held.splice(0, Math.max(0, this.held.length - REMEMBERED_SECRETS));
  }
}
