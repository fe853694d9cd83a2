import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null | undefined;

function clockTicks(): number | null {
  if (ticksPerSecond !== undefined) return ticksPerSecond;
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null;
  } catch {
    ticksPerSecond = null;
  }
  return ticksPerSecond;
}

/**
 * CPU time (user + system, ms) of every child process this process has waited for, all descendants
 * included (Linux `/proc/self/stat` cutime + cstime). The difference across one run is what that
 * run's processes burnt, whichever core they ran on; null where it cannot be read.
 */
export function waitedChildrenCpuMs(): number | null {
  const ticks = clockTicks();
  if (ticks === null) return null;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return Number.isFinite(cutime) && Number.isFinite(cstime) ? ((cutime + cstime) * 1000) / ticks : null;
  } catch {
    return null;
  }
}

/** Wraps a subject so that each run's child CPU time is recorded. */
export function withChildCpu(run: () => Promise<void>, samples: number[]): () => Promise<void> {
  return async () => {
    const before = waitedChildrenCpuMs();
    await run();
    const after = waitedChildrenCpuMs();
    if (before !== null && after !== null) samples.push(after - before);
  };
}
