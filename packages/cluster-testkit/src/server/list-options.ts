import type { ResourceType } from '../api/resources';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  supportedFieldsFor,
} from '../api/selectors';
import { errors } from '../api/status';
import type { KubeObject } from '../api/types';

/** Builds the visibility predicate of a list or watch from its namespace and selectors (400 on bad syntax). */
export function selectionPredicate(
  type: ResourceType,
  namespace: string | undefined,
  params: URLSearchParams,
): (object: KubeObject) => boolean {
  try {
    const labels = parseLabelSelector(params.get('labelSelector') ?? '');
    const fields = parseFieldSelector(params.get('fieldSelector') ?? '', supportedFieldsFor(type.kind));
    return (object) =>
      (namespace === undefined || !type.namespaced || object.metadata.namespace === namespace) &&
      matchesLabels(labels, object.metadata.labels) &&
      matchesFields(fields, object);
  } catch (error) {
    if (error instanceof SelectorError) throw errors.badRequest(error.message);
    throw error;
  }
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.rv !== 'number' || typeof token.start !== 'string')
      throw new Error();
    return token as ContinueToken;
  } catch {
    throw errors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

/** A non-negative integer query parameter, or undefined when absent (400 when malformed). */
export function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw errors.badRequest(`invalid ${name}: ${raw}`);
  return value;
}

export function boolParam(params: URLSearchParams, name: string): boolean | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  return raw === 'true' || raw === '1' || raw === '';
}
