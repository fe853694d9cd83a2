/**
 * Field selectors (k8s.io/apimachinery/pkg/fields/selector.go). Unlike label selectors they are
 * not whitespace tolerant: `a = b` asks about the field "a ", which the apiserver rejects.
 */
import { SelectorError } from './selector-error';
import type { KubeObject } from './types';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
}

const words = (text: string): string[] => text.split(' ').filter((w) => w !== '');
const META_FIELDS = 'metadata.name metadata.namespace';

/** The fields this server accepts when the caller does not narrow them per kind. */
export const DEFAULT_SUPPORTED_FIELDS: readonly string[] = words(
  `${META_FIELDS} spec.nodeName status.phase involvedObject.kind involvedObject.name involvedObject.namespace ` +
    'involvedObject.uid reason type spec.unschedulable',
);

const KIND_FIELDS: Readonly<Record<string, string>> = {
  Pod: 'spec.nodeName spec.restartPolicy spec.schedulerName spec.serviceAccountName spec.hostNetwork status.phase status.podIP status.nominatedNodeName',
  Node: 'spec.unschedulable',
  Namespace: 'status.phase',
  Secret: 'type',
  ReplicaSet: 'status.replicas',
  Event:
    'involvedObject.kind involvedObject.namespace involvedObject.name involvedObject.uid involvedObject.apiVersion involvedObject.resourceVersion involvedObject.fieldPath reason reportingComponent source type',
};

/** The per-kind field labels of the real apiserver (pkg/registry/<group>/<kind>/strategy.go). */
export function supportedFieldsFor(kind: string): readonly string[] {
  return words(`${META_FIELDS} ${KIND_FIELDS[kind] ?? ''}`);
}

function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function unescapeValue(raw: string): string {
  let out = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Go formats the rune with %v, i.e. as its code point.
      throw new SelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0) ?? 0}`,
      );
    } else {
      out += c;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

export function parseFieldSelector(
  text: string,
  supportedFields: readonly string[] = DEFAULT_SUPPORTED_FIELDS,
): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    // The first operator occurrence splits the term; `!=` and `==` win over `=` at the same spot.
    const match = /!=|==|=/.exec(term);
    if (!match) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const operator = match[0] as FieldRequirement['operator'];
    const field = term.slice(0, match.index);
    const value = unescapeValue(term.slice(match.index + operator.length));
    requirements.push({ field, operator, value });
  }
  for (const r of requirements) {
    if (!supportedFields.includes(r.field)) throw new SelectorError(`field label not supported: ${r.field}`);
  }
  return { requirements };
}

/** Values the apiserver's field sets report for fields it always populates. */
const FIELD_DEFAULTS: Readonly<Record<string, string>> = {
  'spec.unschedulable': 'false',
  'spec.hostNetwork': 'false',
};
const FIELD_ALIASES: Readonly<Record<string, string>> = { source: 'source.component' };

/** The string a field selector compares against: scalars stringified, anything else ''. */
export function fieldValue(obj: KubeObject, path: string): string {
  let current: unknown = obj;
  for (const segment of (FIELD_ALIASES[path] ?? path).split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) {
      current = undefined;
      break;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'boolean' || typeof current === 'number' || typeof current === 'bigint')
    return String(current);
  return FIELD_DEFAULTS[path] ?? '';
}

export function matchesFields(selector: FieldSelector, obj: KubeObject): boolean {
  return selector.requirements.every((r) => {
    const equal = fieldValue(obj, r.field) === r.value;
    return r.operator === '!=' ? !equal : equal;
  });
}
