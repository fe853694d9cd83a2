// Shared by the single-cluster operations and the batch writes, which take the same options.

/** A Kubernetes object to create or apply. */
export interface KubeManifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type PatchType = 'merge' | 'json' | 'strategic';

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface WriteOptions extends CallOptions {
  /** `dryRun=All`: the server validates and admits the write but stores nothing. */
  dryRun?: boolean;
}

export interface ObjectOptions {
  /** Required for namespaced resources. */
  namespace?: string;
}

export interface ApplyOptions extends WriteOptions, ObjectOptions {
  /** Default `flotilla`. */
  fieldManager?: string;
  /** Take over fields another manager owns. */
  force?: boolean;
}

export interface DeleteOptions extends WriteOptions, ObjectOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface ScaleObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}
