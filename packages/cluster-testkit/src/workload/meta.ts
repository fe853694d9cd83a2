/** Helpers shared by the workload generator and the churn generator. */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectMeta, OwnerReference } from '../api/types';
import type { SeededRandom } from './random';

/** The alphabet Kubernetes uses for generated name suffixes and hashes (no vowels, no look-alikes). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export interface GenContext {
  rng: SeededRandom;
  now: Date;
}

/** RFC 3339 with second precision, as the API server serialises metav1.Time. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function secondsBefore(date: Date, seconds: number): Date {
  return new Date(date.getTime() - Math.round(seconds) * 1000);
}

export function secondsAfter(date: Date, seconds: number): Date {
  return new Date(date.getTime() + Math.round(seconds) * 1000);
}

/** A moment uniformly between `from` and `to` (second precision). */
export function between(rng: SeededRandom, from: Date, to: Date): Date {
  const span = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
  return secondsAfter(from, rng.int(0, span));
}

/** The 5-character suffix the API server appends for generateName. */
export function podSuffix(rng: SeededRandom): string {
  return rng.string(5, NAME_ALPHABET);
}

/** A pod-template-hash / controller-revision-hash as the controllers render them. */
export function templateHash(rng: SeededRandom): string {
  return rng.string(10, NAME_ALPHABET);
}

export function containerId(rng: SeededRandom): string {
  return `containerd://${rng.hex(64)}`;
}

/** Expands a short image reference the way the container runtime reports it. */
export function qualifiedImage(image: string): string {
  const firstSlash = image.indexOf('/');
  const first = firstSlash === -1 ? '' : image.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) return image;
  return firstSlash === -1 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

/**
 * The repo-digest form of an image, as containerStatuses[].imageID shows it. Derived from the
 * reference rather than the PRNG so every pod running the same image reports the same digest.
 */
export function imageDigest(image: string): string {
  const full = qualifiedImage(image);
  const at = full.indexOf('@');
  if (at !== -1) return full;
  const repo = full.replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${createHash('sha256').update(full).digest('hex')}`;
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export interface MetaInput {
  name: string;
  namespace?: string;
  created: Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: KubeObject;
  generation?: number;
  generateName?: string;
}

export function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** resourceVersion is '0' on purpose: the store assigns real ones on insert. */
export function objectMeta(rng: SeededRandom, input: MetaInput): ObjectMeta {
  const meta: ObjectMeta = {
    name: input.name,
    uid: rng.uuid(),
    resourceVersion: '0',
    creationTimestamp: isoSeconds(input.created),
  };
  if (input.namespace !== undefined) meta.namespace = input.namespace;
  if (input.generateName !== undefined) meta.generateName = input.generateName;
  if (input.generation !== undefined) meta.generation = input.generation;
  if (input.labels !== undefined) meta.labels = { ...input.labels };
  if (input.annotations !== undefined) meta.annotations = { ...input.annotations };
  if (input.owner !== undefined) meta.ownerReferences = [ownerReference(input.owner)];
  return meta;
}

/** Narrows an unknown field to a plain object, for reading objects that came back from a store. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
