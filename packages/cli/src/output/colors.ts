import picocolors from 'picocolors';
import type { Tone } from '../columns/column';

/** The colouring functions of one run: real ones on a colour terminal, identity otherwise. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colours are on when stdout is a terminal, unless `--no-color` or `NO_COLOR` (any non-empty value,
 * no-color.org) says otherwise; `FORCE_COLOR` turns them on for a pipe.
 */
export function colorsEnabled(
  flag: boolean,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean | undefined,
): boolean {
  if (!flag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return isTTY === true;
}

export function createColors(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}

export function paint(colors: Colors, tone: Tone | undefined, text: string): string {
  switch (tone) {
    case 'good':
      return colors.green(text);
    case 'warn':
      return colors.yellow(text);
    case 'bad':
      return colors.red(text);
    case 'dim':
      return colors.dim(text);
    default:
      return text;
  }
}
