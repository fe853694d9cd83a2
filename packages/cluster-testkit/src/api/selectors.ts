/**
 * Label selectors, parsed the way k8s.io/apimachinery parses them so that kubectl `-l` behaves
 * (and fails) as against a real apiserver. Field selectors live in field-selectors.ts.
 */

import { SelectorError } from './selector-error';

export { SelectorError };
export * from './field-selectors';

/** Operator spellings follow k8s.io/apimachinery/pkg/selection. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated, like the apiserver's string set; empty for exists / does-not-exist. */
  values: string[];
}

/** An empty requirement list selects everything. */
export interface LabelSelector {
  requirements: LabelRequirement[];
}

/** The metav1.LabelSelector shape found in workload specs. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Validation texts are apimachinery's (util/validation); the doubled spaces come from Go's RegexError.

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const VALUE_FMT = `(${QNAME_FMT})?`;
const DNS_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const anchored = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const [QNAME_RE, VALUE_RE, DNS_RE] = [anchored(QNAME_FMT), anchored(VALUE_FMT), anchored(DNS_FMT)] as const;
const ALNUM =
  "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_ERR = `must ${ALNUM} (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QNAME_FMT}')`;
const VALUE_ERR = `a valid label must be an empty string or ${ALNUM} (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${VALUE_FMT}')`;
const DNS_ERR = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS_FMT}')`;

function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${QNAME_ERR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.at(-1) ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  const errs: string[] = [];
  if (prefix === '') errs.push('prefix part must be non-empty');
  if (prefix && prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
  if (prefix && !DNS_RE.test(prefix)) errs.push(`prefix part ${DNS_ERR}`);
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME_RE.test(name)) errs.push(`name part ${QNAME_ERR}`);
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs = value.length > 63 ? ['must be no more than 63 characters'] : [];
  return VALUE_RE.test(value) ? errs : [...errs, VALUE_ERR];
}

/** field.Invalid(...).Error(); a nil field path prints as `<nil>` in Go, and the apiserver shows that. */
function invalid(path: string, value: string, errs: string[]): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`;
}

function validateRequirement(key: string, operator: LabelOperator, values: string[]): void {
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0) throw new SelectorError(invalid('key', key, keyErrs));
  const problems: string[] = [];
  if ((operator === 'in' || operator === 'notin') && values.length === 0) {
    problems.push(`values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
  }
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (parseInt64(v) === undefined)
        problems.push(invalid(`values[${i}]`, v, ["for 'Gt', 'Lt' operators, the value must be an integer"]));
    });
  }
  values.forEach((v, i) => {
    const errs = labelValueErrors(v);
    if (errs.length > 0) problems.push(invalid(`values[${i}][${key}]`, v, errs));
  });
  if (problems.length === 1) throw new SelectorError(problems[0] ?? '');
  if (problems.length > 1) throw new SelectorError(`[${problems.join(', ')}]`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

// ---------------------------------------------------------------------------------------------
// Lexer and recursive-descent parser mirroring apimachinery's labels/selector.go token by token.

type Tok = 'id' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' | 'eos';

interface Token {
  tok: Tok;
  lit: string;
}

const isSpecial = (ch: string): boolean => ch !== '' && '=!(),><'.includes(ch);
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (isSpace(text.charAt(pos))) pos++;
    const ch = text.charAt(pos);
    if (ch === '') return [...tokens, { tok: 'eos', lit: '' }];
    if (isSpecial(ch)) {
      // Go's longest-match scan over symbol runs only ever yields `!=` and `==` as two-character tokens.
      const lit = (ch === '!' || ch === '=') && text.charAt(pos + 1) === '=' ? `${ch}=` : ch;
      tokens.push({ tok: lit as Tok, lit });
      pos += lit.length;
      continue;
    }
    const start = pos;
    while (pos < text.length && !isSpecial(text.charAt(pos)) && !isSpace(text.charAt(pos))) pos++;
    const word = text.slice(start, pos);
    tokens.push({ tok: word === 'in' || word === 'notin' ? word : 'id', lit: word });
  }
}

const BINARY: Partial<Record<Tok, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  /** In the value context the keywords `in`/`notin` are ordinary identifiers (`x in (in)`). */
  private peek(valueContext = true): Token {
    const t = this.tokens[Math.min(this.position, this.tokens.length - 1)] ?? { tok: 'eos', lit: '' };
    return valueContext && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }

  private next(valueContext = true): Token {
    const t = this.peek(valueContext);
    this.position++;
    return t;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'eos') return requirements;
      if (tok !== 'id' && tok !== '!')
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.requirement());
      } catch (error) {
        if (error instanceof SelectorError)
          throw new SelectorError(`unable to parse requirement: ${error.message}`);
        throw error;
      }
      const after = this.next();
      if (after.tok === 'eos') return requirements;
      if (after.tok !== ',')
        throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.tok !== 'id' && following.tok !== '!') {
        throw new SelectorError(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let negated = false;
    let t = this.next();
    if (t.tok === '!') {
      negated = true;
      t = this.next();
    }
    if (t.tok !== 'id') throw new SelectorError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length > 0) throw new SelectorError(invalid('<nil>', key, keyErrs));
    const la = this.peek().tok;
    if (negated || la === 'eos' || la === ',') {
      const operator: LabelOperator = negated ? '!' : 'exists';
      validateRequirement(key, operator, []);
      return { key, operator, values: [] };
    }
    const op = this.next(false);
    const operator = BINARY[op.tok];
    if (!operator) throw new SelectorError(`found '${op.lit}', expected: '=', '!=', '==', 'in', notin'`);
    const raw = operator === 'in' || operator === 'notin' ? this.valueSet() : [this.exactValue()];
    const values = [...new Set(raw)].sort();
    validateRequirement(key, operator, values);
    return { key, operator, values };
  }

  private exactValue(): string {
    const la = this.peek().tok;
    if (la === 'eos' || la === ',') return '';
    const t = this.next();
    if (t.tok !== 'id') throw new SelectorError(`found '${t.lit}', expected: identifier`);
    return t.lit;
  }

  /** Empty members are legal: `x in (a,,b)` and `x in ()` both include the empty value. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok === ')') {
      this.next();
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',') {
      throw new SelectorError(`found '${first.lit}', expected: ',', ')' or identifier`);
    }
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.tok === 'id') {
        values.push(t.lit);
        const la = this.peek();
        if (la.tok === ')') break;
        if (la.tok !== ',') throw new SelectorError(`found '${la.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (values.length === 0) values.push('');
        const la = this.peek().tok;
        if (la === ')') {
          values.push('');
          break;
        }
        if (la === ',') {
          this.next();
          values.push('');
        }
      } else {
        throw new SelectorError(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    this.next();
    return values;
  }
}

export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements };
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const actual = value === undefined ? undefined : parseInt64(value);
      const bound = r.values.length === 1 ? parseInt64(r.values[0] ?? '') : undefined;
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  return selector.requirements.every((r) => matchesRequirement(r, set));
}

const MATCH_OPS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** metav1.LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything. */
export function labelSelectorFromObject(
  object: LabelSelectorObject | undefined | null,
): LabelSelector | 'nothing' {
  if (!object) return 'nothing';
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(object.matchLabels ?? {})) {
    validateRequirement(key, '=', [value]);
    requirements.push({ key, operator: '=', values: [value] });
  }
  for (const expr of object.matchExpressions ?? []) {
    const operator = MATCH_OPS[expr.operator];
    if (!operator)
      throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    const values = [...new Set(expr.values ?? [])].sort();
    validateRequirement(expr.key, operator, values);
    requirements.push({ key: expr.key, operator, values });
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements };
}

const SPELLED: Partial<Record<LabelOperator, string>> = { in: ' in ', notin: ' notin ', gt: '>', lt: '<' };

/** labels.Selector.String(): the canonical form kubectl prints in the SELECTOR column. */
export function formatLabelSelector(selector: LabelSelector | 'nothing'): string {
  if (selector === 'nothing') return '';
  return selector.requirements
    .map((r) => {
      if (r.operator === 'exists') return r.key;
      if (r.operator === '!') return `!${r.key}`;
      const values = [...r.values].sort().join(',');
      const shown = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
      return `${r.key}${SPELLED[r.operator] ?? r.operator}${shown}`;
    })
    .join(',');
}
