import type { SerializedFlotillaError } from '../errors';

/**
 * Where one cluster of a shared collection stands, before the store has anything to say about it:
 * - `skipped`: the cluster is not connected, so nothing is read from it (connect it to include it);
 * - `resolving`: the kind is being looked up in this cluster's discovery; `error` when the last
 *   lookup failed (unreachable, or a kind this cluster does not serve) and a retry is scheduled;
 * - `watching`: an informer feeds the store under `kind` (`Pod`, `apps/Deployment`); the store's
 *   sync state says how current that is.
 */
export type FeedStatus =
  | { readonly phase: 'skipped'; readonly reason: string; readonly since: number }
  | { readonly phase: 'resolving'; readonly error: SerializedFlotillaError | null; readonly since: number }
  | { readonly phase: 'watching'; readonly kind: string; readonly since: number };
