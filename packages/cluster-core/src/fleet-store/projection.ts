import type { KubeObjectLike } from './types';

/** Turns what an informer received into what the store keeps. Must not mutate its input. */
export type Projection = <T extends KubeObjectLike>(object: T) => T;

export interface ProjectionOptions {
  /** Keep `metadata.managedFields` (off by default: it is often half of an object's size). */
  keepManagedFields?: boolean;
  /** Annotations to drop; defaults to {@link DEFAULT_DROPPED_ANNOTATIONS}. */
  dropAnnotations?: readonly string[];
}

/** Annotations the default projection drops: large, and never needed to display an object. */
export const DEFAULT_DROPPED_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
];

/**
 * Builds a projection that drops bulky server bookkeeping. An object with nothing to drop is
 * returned as it is, so the common case costs neither a copy nor memory.
 */
export function createProjection(options: ProjectionOptions = {}): Projection {
  const keepManagedFields = options.keepManagedFields ?? false;
  const dropped = options.dropAnnotations ?? DEFAULT_DROPPED_ANNOTATIONS;
  return <T extends KubeObjectLike>(object: T): T => {
    const metadata = object.metadata;
    const stripManaged = !keepManagedFields && metadata.managedFields !== undefined;
    const annotations = metadata.annotations;
    const stripAnnotations = annotations !== undefined && dropped.some((key) => key in annotations);
    if (!stripManaged && !stripAnnotations) return object;
    let nextMetadata: KubeObjectLike['metadata'];
    if (stripManaged) {
      const { managedFields: _managedFields, ...rest } = metadata;
      nextMetadata = rest;
    } else {
      nextMetadata = { ...metadata };
    }
    if (stripAnnotations && annotations) {
      const kept: Record<string, string> = {};
      for (const key in annotations) {
        if (!dropped.includes(key)) kept[key] = annotations[key] as string;
      }
      if (Object.keys(kept).length > 0) nextMetadata.annotations = kept;
      else delete nextMetadata.annotations;
    }
    return { ...object, metadata: nextMetadata };
  };
}

/** Drops `managedFields` and the annotations of {@link DEFAULT_DROPPED_ANNOTATIONS}. */
export const defaultProjection: Projection = createProjection();

/** Keeps objects exactly as received. */
export const identityProjection: Projection = (object) => object;
