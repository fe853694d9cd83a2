/**
 * Label selectors in kubectl's `-l` syntax: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
 * `k` (exists) and `!k` (does not exist), joined by commas. Kept in core (not borrowed from the
 * testkit) because browsers and the CLI parse user input with it.
 */
export type LabelOperator = 'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'doesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Empty for `exists` / `doesNotExist`; one value for `equals` / `notEquals`. */
  readonly values: readonly string[];
}

export type LabelSelector = readonly LabelRequirement[];

export type Labels = Readonly<Record<string, string>> | undefined;

/** A label selector that does not parse; its message quotes the offending part. */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

const KEY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?)?$/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }
  done(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
  peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.pos);
  }
  take(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }
  /** Reads up to the next delimiter; labels never contain these characters. */
  word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && !/[\s,=!()]/.test(this.text[this.pos] as string)) this.pos++;
    return this.text.slice(start, this.pos);
  }
  fail(message: string): never {
    throw new LabelSelectorError(`${message} at position ${this.pos} in label selector "${this.text}"`);
  }
}

function checkKey(cursor: Cursor, key: string): string {
  if (!KEY.test(key) || key.length > 316) cursor.fail(`invalid label key "${key}"`);
  return key;
}

function checkValue(cursor: Cursor, value: string): string {
  if (!VALUE.test(value) || value.length > 63) cursor.fail(`invalid label value "${value}"`);
  return value;
}

function parseSet(cursor: Cursor): string[] {
  if (!cursor.take('(')) cursor.fail('expected "("');
  const values: string[] = [];
  do {
    values.push(checkValue(cursor, cursor.word()));
  } while (cursor.take(','));
  if (!cursor.take(')')) cursor.fail('expected ")"');
  return values;
}

function parseRequirement(cursor: Cursor): LabelRequirement {
  if (cursor.take('!')) return { key: checkKey(cursor, cursor.word()), operator: 'doesNotExist', values: [] };
  const key = checkKey(cursor, cursor.word());
  if (cursor.take('!=')) return { key, operator: 'notEquals', values: [checkValue(cursor, cursor.word())] };
  if (cursor.take('==') || cursor.take('=')) {
    return { key, operator: 'equals', values: [checkValue(cursor, cursor.word())] };
  }
  const word = cursor.peek('(') ? '' : cursor.word();
  if (word === 'in') return { key, operator: 'in', values: parseSet(cursor) };
  if (word === 'notin') return { key, operator: 'notIn', values: parseSet(cursor) };
  if (word !== '') cursor.fail(`unexpected "${word}"`);
  return { key, operator: 'exists', values: [] };
}

/** Parses a selector; an empty string selects everything. Throws {@link LabelSelectorError}. */
export function parseLabelSelector(text: string): LabelSelector {
  const cursor = new Cursor(text);
  const requirements: LabelRequirement[] = [];
  if (cursor.done()) return requirements;
  do {
    requirements.push(parseRequirement(cursor));
  } while (cursor.take(','));
  if (!cursor.done()) cursor.fail('expected ","');
  return requirements;
}

/** True when the labels satisfy one requirement (`=`, `!=`, `in`, `notin`, exists, `!`). */
export function matchesRequirement(labels: Labels, requirement: LabelRequirement): boolean {
  const value = labels?.[requirement.key];
  switch (requirement.operator) {
    case 'exists':
      return value !== undefined;
    case 'doesNotExist':
      return value === undefined;
    case 'equals':
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    // Kubernetes semantics: a missing key satisfies `!=` and `notin`.
    case 'notEquals':
    case 'notIn':
      return value === undefined || !requirement.values.includes(value);
  }
}

/** True when the labels satisfy every requirement of the selector (Kubernetes semantics). */
export function matchesLabelSelector(labels: Labels, selector: LabelSelector): boolean {
  for (const requirement of selector) if (!matchesRequirement(labels, requirement)) return false;
  return true;
}

/** Renders a selector back into kubectl syntax (for report headers). */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector
    .map(({ key, operator, values }) => {
      switch (operator) {
        case 'exists':
          return key;
        case 'doesNotExist':
          return `!${key}`;
        case 'equals':
          return `${key}=${values[0] ?? ''}`;
        case 'notEquals':
          return `${key}!=${values[0] ?? ''}`;
        case 'in':
          return `${key} in (${values.join(',')})`;
        case 'notIn':
          return `${key} notin (${values.join(',')})`;
      }
    })
    .join(',');
}
