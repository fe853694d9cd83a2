import { formatBytes, formatNumber, formatRatio } from '../format';
import { scenarioId } from '../../scenarios/ids';
import type { ResultFile } from '../results';

export const BEGIN_MARKER =
  '<!-- bench:generated:begin (written by `npm run bench:report` from bench/results/*.json; do not edit by hand) -->';
export const END_MARKER = '<!-- bench:generated:end -->';

/** The hand-written frame used when docs/benchmarks.md does not exist yet; prose outside the markers is kept. */
export const DEFAULT_DOCUMENT = `# Benchmarks

Performance is measured here, never asserted in tests. Every scenario in \`bench/scenarios/\` runs our code
and a peer in the same process, interleaved (A B A B …), discards warm-up runs and reports the median of at
least five runs, so machine noise cancels in the ratios.

## How to run

\`\`\`sh
npm run bench                 # every scenario at full size, then regenerates this page
npm run bench -- testkit      # one scenario
npm run bench -- P1           # one scenario by its id (P1 fleet-list … P7 status; see each section)
npm run bench -- --smoke      # tiny sizes, results to a temporary folder (what \`npm test\` runs)
npm run bench:report          # regenerate this page and docs/bench/*.svg from bench/results/*.json
\`\`\`

Memory figures need forced garbage collection. The harness uses \`global.gc\` when Node runs with
\`--expose-gc\` (\`npx tsx --expose-gc --conditions=@flotilla/source bench/run.ts\` works); \`npm run bench\`
does not pass it, so the harness switches the flag on at run time (\`v8.setFlagsFromString\`). Each result
records which way was used (\`gc\`).

Each run writes \`bench/results/<scenario>.json\`: machine info, every sample, median, p95, ratios.
Everything between the markers below is generated from those files.

${BEGIN_MARKER}
${END_MARKER}
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `numeric` marks the columns to right-align. */
function table(header: string[], numeric: readonly number[], rows: string[][]): string[] {
  const align = header.map((_, i) => (numeric.includes(i) ? '---:' : '---'));
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function idNote(scenario: string): string {
  const id = scenarioId(scenario);
  return id ? ` (${id})` : '';
}

function scenarioSection(result: ResultFile, svgPath: string): string {
  const m = result.machine;
  const lines = [
    `## ${result.title}`,
    '',
    `Scenario \`${result.scenario}\`${idNote(result.scenario)} — run it with \`npm run bench -- ${result.scenario}\`.`,
    '',
    result.description,
    '',
  ];
  if (result.size !== 'full')
    lines.push(`> **Smoke-size result** — tiny sizes, not representative. Re-run at full size.`, '');
  lines.push(`![${result.title}](${svgPath})`, '');
  lines.push(
    ...table(
      ['Measure', 'Subject', 'Median', 'p95', 'Unit', 'Rate at median', 'Runs'],
      [2, 3, 5, 6],
      result.rows.map((r) => [
        r.measure,
        r.subject,
        formatNumber(r.median),
        formatNumber(r.p95),
        r.unit,
        r.throughput ? `${formatNumber(r.throughput.median)} ${r.throughput.unit}` : '—',
        String(r.samples.length),
      ]),
    ),
    '',
  );
  if (result.ratios.length > 0) {
    lines.push(
      ...table(
        ['Ratio', 'Value', 'How'],
        [1],
        result.ratios.map((r) => [r.label, formatRatio(r.value), r.detail ?? '']),
      ),
      '',
    );
  }
  if (result.metrics.length > 0) {
    lines.push(
      ...table(
        ['Figure', 'Value', 'Unit'],
        [1],
        result.metrics.map((x) => [x.name, formatNumber(x.value), x.unit]),
      ),
      '',
    );
  }
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length > 0) lines.push('');
  const parameters = Object.entries(result.parameters).map(([k, v]) => `\`${k}=${String(v)}\``);
  lines.push(
    `Run ${result.startedAt} (${result.size} size, ${formatNumber(result.durationMs / 1000)} s) on ${m.cores} × ${m.cpuModel},`,
    `${formatBytes(m.totalMemoryBytes)} RAM, Node ${m.node}, ${m.platform}/${m.arch} (${m.osRelease}), gc: ${m.gc}.`,
    `Parameters: ${parameters.join(', ')}.`,
  );
  return lines.join('\n');
}

/** Replaces the generated block of `document` with one section per result; the rest is left alone. */
export function renderMarkdown(
  document: string,
  results: readonly ResultFile[],
  svgPathFor: (scenario: string) => string,
): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin)
    throw new Error(`docs/benchmarks.md lacks the generated-block markers ${BEGIN_MARKER} … ${END_MARKER}`);
  const sections =
    results.length === 0
      ? ['_No results yet: run `npm run bench`._']
      : results.map((r) => scenarioSection(r, svgPathFor(r.scenario)));
  return `${document.slice(0, begin + BEGIN_MARKER.length)}\n\n${sections.join('\n\n')}\n\n${document.slice(end)}`;
}
