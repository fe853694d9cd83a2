/**
 * PATCH bodies other than server-side apply: JSON merge patch (RFC 7386), JSON patch (RFC 6902)
 * and a subset of Kubernetes strategic merge patch. Pure: the target object is never mutated.
 *
 * Strategic merge subset, in place of the OpenAPI-driven original:
 * - maps merge and `null` deletes, exactly as in a merge patch;
 * - lists under the field names in MERGE_KEYS merge item-by-item on that key (existing items keep
 *   their position and are merged recursively, new ones are appended); other lists are replaced;
 * - `finalizers` is a merged set of strings, like the real `patchStrategy: merge` primitive list;
 * - directives: `$patch: delete` (on a keyed list item or a map), `$patch: replace` (on a map, or as
 *   a list element to replace the whole list), `$retainKeys` (keeps only the listed fields of the
 *   original map), `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is stripped.
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import type { KubeObject } from './types';

export class PatchError extends Error {
  /** 415: unsupported content type; 400: malformed patch body; 422: patch does not apply. */
  readonly status: 400 | 415 | 422;

  constructor(status: 400 | 415 | 422, message: string) {
    super(message);
    this.name = 'PatchError';
    this.status = status;
  }
}

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

export interface ApplyPatchOptions {
  /**
   * Whether strategic merge patch is accepted. The real apiserver refuses it (415) for custom
   * resources, which is why `kubectl patch` on a CR needs `--type merge`. Defaults to true.
   */
  strategicMerge?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function unsupported(strategicMerge: boolean): PatchError {
  const accepted = strategicMerge
    ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH]
    : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
  return new PatchError(
    415,
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** Accepts the body already parsed, or as raw JSON text / bytes. */
function decodeBody(patch: unknown): unknown {
  const text =
    typeof patch === 'string'
      ? patch
      : patch instanceof Uint8Array
        ? new TextDecoder().decode(patch)
        : undefined;
  if (text === undefined) return structuredClone(patch);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PatchError(400, `error decoding patch: ${(error as Error).message}`);
  }
}

export function applyPatch(
  target: KubeObject,
  contentType: string,
  patch: unknown,
  options: ApplyPatchOptions = {},
): KubeObject {
  const strategicMerge = options.strategicMerge ?? true;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  let patched: unknown;
  if (mediaType === MERGE_PATCH) {
    const body = decodeBody(patch);
    if (!isObject(body)) throw new PatchError(400, 'invalid merge patch: the body must be a JSON object');
    patched = mergePatch(structuredClone(target), body);
  } else if (mediaType === JSON_PATCH) {
    patched = jsonPatch(structuredClone(target), decodeBody(patch));
  } else if (mediaType === STRATEGIC_MERGE_PATCH && strategicMerge) {
    const body = decodeBody(patch);
    if (!isObject(body))
      throw new PatchError(400, 'invalid strategic merge patch: the body must be a JSON object');
    patched = strategicMergeMap(structuredClone(target), body);
    if (patched === DELETE) throw new PatchError(422, 'a patch cannot delete the object it is applied to');
  } else {
    throw unsupported(strategicMerge);
  }
  if (!isObject(patched) || !isObject(patched.metadata)) {
    throw new PatchError(422, 'the patched object must be a JSON object with metadata');
  }
  return patched as KubeObject;
}

// ---------------------------------------------------------------------------------------------
// RFC 7386. Both arguments are private copies here, so the merge works in place.

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__') continue;
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// RFC 6902 through fast-json-patch; its error names tell a malformed body (400) from one that
// does not apply to this object (422), which is the split the apiserver makes.

const MALFORMED = new Set(['SEQUENCE_NOT_AN_ARRAY', 'OPERATION_NOT_AN_OBJECT']);

function jsonPatch(document: KubeObject, body: unknown): unknown {
  if (!Array.isArray(body)) {
    throw new PatchError(400, 'json: cannot unmarshal a non-array into Go value of type jsonpatch.Patch');
  }
  try {
    return jsonpatch.applyPatch(document, body as Operation[], true, true).newDocument;
  } catch (error) {
    // fast-json-patch throws a plain TypeError for `__proto__` paths, which it refuses for safety.
    if (!(error instanceof jsonpatch.JsonPatchError))
      throw new PatchError(422, `json patch: ${String(error)}`);
    const op = rec(error.operation);
    const summary = error.message.split('\n')[0] ?? error.message;
    if (MALFORMED.has(error.name)) throw new PatchError(400, `invalid JSON patch: ${summary}`);
    if (error.name === 'TEST_OPERATION_FAILED') {
      throw new PatchError(422, `testing value ${String(op.path)} failed: test failed`);
    }
    const where = `operation ${error.index ?? 0} (${String(op.op)} ${JSON.stringify(op.path)})`;
    throw new PatchError(422, `json patch ${where} does not apply: ${summary}`);
  }
}

const rec = (v: unknown): Json => (isObject(v) ? v : {});

// ---------------------------------------------------------------------------------------------
// Strategic merge patch subset (see the header comment).

/** patchMergeKey of the k8s.io/api list fields that merge rather than replace. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  resourceClaims: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  podIPs: 'ip',
  topologySpreadConstraints: 'topologyKey',
};
const MERGED_STRING_LISTS: ReadonlySet<string> = new Set(['finalizers']);
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const DELETE = Symbol('delete');

/** Container ports merge on `containerPort`, service ports on `port`. */
function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports')
    return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

function strategicMergeMap(target: Json, patch: Json): Json | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return strategicMergeMap({}, { ...patch, $patch: undefined });
  if (directive !== undefined && directive !== 'merge') {
    throw new PatchError(400, `unknown patch type: ${JSON.stringify(directive)}`);
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(target)) if (!retain.includes(key)) delete target[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$') || key === '__proto__' || value === undefined) continue;
    if (value === null) {
      delete target[key];
    } else if (Array.isArray(value)) {
      target[key] = strategicMergeList(key, target[key], value);
    } else if (isObject(value)) {
      const merged = strategicMergeMap(isObject(target[key]) ? target[key] : {}, value);
      if (merged === DELETE) delete target[key];
      else target[key] = merged;
    } else {
      target[key] = value;
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || !Array.isArray(value)) continue;
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    const current = target[field];
    if (Array.isArray(current)) target[field] = current.filter((v) => !value.includes(v));
  }
  return target;
}

/** A fresh list item: directives are resolved against nothing. */
function fresh(item: unknown): unknown {
  if (!isObject(item)) return item;
  const merged = strategicMergeMap({}, item);
  return merged === DELETE ? {} : merged;
}

function strategicMergeList(field: string, current: unknown, patch: unknown[]): unknown[] {
  const original = Array.isArray(current) ? current : [];
  const replaceMarker = (i: unknown): boolean =>
    isObject(i) && i.$patch === 'replace' && Object.keys(i).length === 1;
  if (patch.some(replaceMarker)) return patch.filter((i) => !replaceMarker(i)).map(fresh);
  if (MERGED_STRING_LISTS.has(field) && patch.every((i) => typeof i === 'string')) {
    return [...original, ...patch.filter((i) => !original.includes(i))].filter(
      (v, i, all) => all.indexOf(v) === i,
    );
  }
  const key = mergeKeyFor(field, [...patch, ...original]);
  if (key === undefined) return patch.map(fresh);
  const result = [...original];
  for (const item of patch) {
    if (!isObject(item) || !(key in item)) {
      throw new PatchError(422, `map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    }
    const matches = (o: unknown): boolean => isObject(o) && o[key] === item[key];
    if (item.$patch === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) if (matches(result[i])) result.splice(i, 1);
      continue;
    }
    const index = result.findIndex(matches);
    const existing = index >= 0 ? result[index] : undefined;
    const merged = strategicMergeMap(isObject(existing) ? existing : {}, item);
    if (merged === DELETE) continue;
    if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}
