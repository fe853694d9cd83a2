import { formatLabelSelector, parseLabelSelector } from '../fleet-store/label-selector';

/** What a live view asks for, before it is resolved in each cluster. */
export interface ScopeQuery {
  /** As the user typed it (`po`, `deploy`, `crontabs.stable.example.com`); resolved per cluster. */
  kind: string;
  namespace?: string | undefined;
  /** kubectl `-l` syntax, applied server-side. */
  labelSelector?: string | undefined;
}

/**
 * One shared collection: a kind, in one namespace or all of them, with an optional label selector.
 * Views with the same spec share one store and one informer per cluster.
 */
export interface CacheScopeSpec {
  readonly kind: string;
  readonly namespace: string | undefined;
  /** Canonical form of the selector; undefined selects everything. */
  readonly labelSelector: string | undefined;
  /** Why the selector is unusable; checked once here rather than sent to every cluster to refuse. */
  readonly selectorError: string | undefined;
}

export function scopeSpecOf(query: ScopeQuery): CacheScopeSpec {
  const kind = query.kind.trim().toLowerCase();
  const namespace = query.namespace ? query.namespace : undefined;
  const text = query.labelSelector?.trim() ?? '';
  if (!text) return { kind, namespace, labelSelector: undefined, selectorError: undefined };
  try {
    const selector = parseLabelSelector(text);
    return {
      kind,
      namespace,
      labelSelector: selector.length > 0 ? formatLabelSelector(selector) : undefined,
      selectorError: undefined,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      kind,
      namespace,
      labelSelector: text,
      selectorError: `invalid label selector "${text}": ${reason}`,
    };
  }
}

/** Equal for specs that select the same objects, so `po` in `web` and `po ` in `web` share. */
export function scopeKeyOf(spec: CacheScopeSpec): string {
  return JSON.stringify([spec.kind, spec.namespace ?? null, spec.labelSelector ?? null]);
}
