import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The default theme is CSS variables in styles.css: a light set, a dark set forced by
// `data-flotilla-theme="dark"`, and the same dark set again under `prefers-color-scheme: dark`.
// Nothing but these tests keeps the three in step with each other, the components and the docs.

const here = import.meta.dirname;
const css = readFileSync(join(here, '../styles.css'), 'utf8');

function variablesOf(block: string): Map<string, string> {
  return new Map(
    [...block.matchAll(/(--flotilla-[a-z-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]),
  );
}

function block(opening: RegExp): Map<string, string> {
  const match = opening.exec(css);
  if (!match) throw new Error(`styles.css has no block matching ${opening}`);
  const start = match.index + match[0].length;
  return variablesOf(css.slice(start, css.indexOf('}', start)));
}

const light = block(/:root,\s*\[data-flotilla-theme='light'\]\s*\{/);
const dark = block(/\n\[data-flotilla-theme='dark'\]\s*\{/);
const preferredDark = block(/:root:not\(\[data-flotilla-theme='light'\]\)\s*\{/);

/** Type and shape are the same in both themes; everything else is a colour. */
const THEME_INDEPENDENT = [
  '--flotilla-font',
  '--flotilla-font-mono',
  '--flotilla-font-size',
  '--flotilla-radius',
  '--flotilla-gap',
];

/** Names components build at run time: `--flotilla-tone-<StatusTone | unknown>`, `--flotilla-bucket-<tone>`. */
const BUILT_NAMES = [
  ...['ok', 'warning', 'error', 'pending', 'offline', 'unknown'].map((tone) => `--flotilla-tone-${tone}`),
  ...['ok', 'done', 'pending', 'error', 'offline'].map((tone) => `--flotilla-bucket-${tone}`),
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

const referenced = (text: string) =>
  [...text.matchAll(/var\((--flotilla-[a-z-]+[a-z])[,)]/g)].map((m) => m[1]!);

describe('default theme', () => {
  it('gives every colour of the light theme a dark value', () => {
    const colours = [...light.keys()].filter((name) => !THEME_INDEPENDENT.includes(name));
    expect(colours.length).toBeGreaterThan(20);
    expect([...dark.keys()].sort()).toEqual(colours.sort());
  });

  it('uses the same dark values whether dark is forced or preferred by the system', () => {
    expect(Object.fromEntries(preferredDark)).toEqual(Object.fromEntries(dark));
  });

  it('defines every variable the stylesheet and the components read', () => {
    const used = new Set([
      ...referenced(css),
      ...sources(join(here, '..')).flatMap(referenced),
      ...BUILT_NAMES,
    ]);
    expect([...used].filter((name) => !light.has(name))).toEqual([]);
  });

  it('documents only variables that exist', () => {
    const docs = readFileSync(join(here, '../../../../docs/react.md'), 'utf8');
    const documented = new Set([...docs.matchAll(/`(--flotilla-[a-z-]+)`/g)].map((m) => m[1]!));
    expect(documented.size).toBeGreaterThan(10);
    expect([...documented].filter((name) => !light.has(name))).toEqual([]);
  });
});
