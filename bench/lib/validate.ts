/** Structural checks of a result file, shared by the smoke test and the report so neither trusts a bad file. */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPositive(value: unknown): value is number {
  return isFiniteNumber(value) && value > 0;
}

function rowProblems(row: unknown, at: string): string[] {
  if (!isObject(row)) return [`${at} is not an object`];
  const problems: string[] = [];
  for (const key of ['measure', 'subject', 'unit']) {
    if (typeof row[key] !== 'string' || row[key] === '')
      problems.push(`${at}.${key} is not a non-empty string`);
  }
  const samples = row['samples'];
  if (!Array.isArray(samples) || samples.length === 0) problems.push(`${at}.samples is empty`);
  else if (!samples.every(isPositive))
    problems.push(`${at}.samples holds a value that is not a finite positive number`);
  for (const key of ['median', 'p95', 'mean'])
    if (!isPositive(row[key])) problems.push(`${at}.${key} is not a finite positive number`);
  const throughput = row['throughput'];
  if (throughput !== undefined) {
    if (!isObject(throughput)) problems.push(`${at}.throughput is not an object`);
    else {
      if (!isPositive(throughput['operationsPerSample']))
        problems.push(`${at}.throughput.operationsPerSample is not positive`);
      if (!isPositive(throughput['median'])) problems.push(`${at}.throughput.median is not positive`);
      if (typeof throughput['unit'] !== 'string') problems.push(`${at}.throughput.unit is not a string`);
    }
  }
  return problems;
}

function listProblems(value: unknown, at: string, check: (item: unknown, at: string) => string[]): string[] {
  if (!Array.isArray(value)) return [`${at} is not an array`];
  return value.flatMap((item, i) => check(item, `${at}[${i}]`));
}

function namedNumberProblems(item: unknown, at: string, nameKey: string, positive: boolean): string[] {
  if (!isObject(item)) return [`${at} is not an object`];
  const problems: string[] = [];
  if (typeof item[nameKey] !== 'string') problems.push(`${at}.${nameKey} is not a string`);
  if (!(positive ? isPositive(item['value']) : isFiniteNumber(item['value'])))
    problems.push(`${at}.value is not a valid number`);
  return problems;
}

/** Empty when `value` is a well-formed result file; otherwise one line per problem. */
export function resultProblems(value: unknown): string[] {
  if (!isObject(value)) return ['result is not an object'];
  const problems: string[] = [];
  for (const key of ['scenario', 'title', 'description', 'startedAt']) {
    if (typeof value[key] !== 'string' || value[key] === '')
      problems.push(`${key} is not a non-empty string`);
  }
  if (value['size'] !== 'full' && value['size'] !== 'smoke') problems.push('size is neither full nor smoke');
  if (!isFiniteNumber(value['durationMs'])) problems.push('durationMs is not a number');
  const machine = value['machine'];
  if (!isObject(machine)) problems.push('machine is missing');
  else {
    if (!isPositive(machine['cores'])) problems.push('machine.cores is not positive');
    if (!isPositive(machine['totalMemoryBytes'])) problems.push('machine.totalMemoryBytes is not positive');
    for (const key of ['cpuModel', 'node', 'platform'])
      if (typeof machine[key] !== 'string') problems.push(`machine.${key} is missing`);
  }
  if (!isObject(value['parameters'])) problems.push('parameters is not an object');
  const rows = value['rows'];
  if (Array.isArray(rows) && rows.length === 0) problems.push('rows is empty');
  problems.push(...listProblems(rows, 'rows', rowProblems));
  problems.push(
    ...listProblems(value['ratios'], 'ratios', (r, at) => namedNumberProblems(r, at, 'label', true)),
  );
  problems.push(
    ...listProblems(value['metrics'], 'metrics', (m, at) => namedNumberProblems(m, at, 'name', false)),
  );
  problems.push(
    ...listProblems(value['notes'], 'notes', (n, at) =>
      typeof n === 'string' ? [] : [`${at} is not a string`],
    ),
  );
  return problems;
}
