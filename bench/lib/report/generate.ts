import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { DEFAULT_RESULTS_DIR, readResults } from '../results';
import { DEFAULT_DOCUMENT, renderMarkdown } from './markdown';
import { renderSvg } from './svg';

const DOCS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs');

export interface ReportOptions {
  resultsDir?: string;
  /** The markdown page; created from a default frame when missing. */
  markdownPath?: string;
  svgDir?: string;
}

/** Regenerates the benchmarks page and one SVG per result; returns the files written. */
export async function generateReport(options: ReportOptions = {}): Promise<string[]> {
  const resultsDir = options.resultsDir ?? DEFAULT_RESULTS_DIR;
  const markdownPath = options.markdownPath ?? join(DOCS_DIR, 'benchmarks.md');
  const svgDir = options.svgDir ?? join(DOCS_DIR, 'bench');
  const results = await readResults(resultsDir);

  let document: string;
  try {
    document = await readFile(markdownPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    document = DEFAULT_DOCUMENT;
  }

  const written: string[] = [];
  await mkdir(svgDir, { recursive: true });
  for (const result of results) {
    const path = join(svgDir, `${result.scenario}.svg`);
    await writeFile(path, renderSvg(result));
    written.push(path);
  }
  const svgPathFor = (scenario: string) =>
    relative(dirname(markdownPath), join(svgDir, `${scenario}.svg`))
      .split('\\')
      .join('/');
  await mkdir(dirname(markdownPath), { recursive: true });
  // Formatted like the rest of the repository so `npm run format:check` stays quiet about generated tables.
  const prettierConfig = (await resolveConfig(markdownPath)) ?? {};
  const markdown = await format(renderMarkdown(document, results, svgPathFor), {
    ...prettierConfig,
    parser: 'markdown',
  });
  await writeFile(markdownPath, markdown);
  written.push(markdownPath);
  return written;
}
