// Colour codes take no room on screen; they must not count toward a column's width.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * How many columns `text` takes, counted like kubectl's tabwriter counts them: one per character
 * (code point), colour codes excluded.
 */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of text.replace(ANSI, '')) width++;
  return width;
}

/** `text` followed by spaces up to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}
