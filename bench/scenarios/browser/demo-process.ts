import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The demo's banner once it serves the console; the first whole URL after it opens the console. */
const BANNER = 'Flotilla demo console';
const CONSOLE_URL = /https?:\/\/\S+(?=\s)/;
const STOP_TIMEOUT_MS = 15_000;

/** `npm run demo -- --port 0` as a user runs it, in its own process group (npm, sh, tsx, node). */
export class DemoProcess {
  private readonly child: ChildProcess;
  private stderr = '';

  constructor() {
    this.child = spawn('npm', ['run', 'demo', '--', '--port', '0'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4096);
    });
  }

  /** The console's URL once printed. It carries the access token in its fragment: use it, never log it. */
  consoleUrl(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let stdout = '';
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`npm run demo ${reason}\n${this.stderr.trim()}`));
      };
      const timer = setTimeout(() => fail(`printed no console URL within ${timeoutMs} ms`), timeoutMs);
      this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const banner = stdout.indexOf(BANNER);
        const match = banner < 0 ? null : CONSOLE_URL.exec(stdout.slice(banner));
        if (!match) return;
        clearTimeout(timer);
        resolve(match[0]);
      });
      this.child.once('error', (error) => fail(`could not start: ${error.message}`));
      this.child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before printing its URL`));
    });
  }

  /**
   * SIGTERM to the demo's own node process, so it closes its fleet and removes its files while npm,
   * sh and tsx exit after it. Signalling the whole group would reach that process twice on a busy
   * machine (directly, and relayed by tsx when its child does not confirm within 30 ms), and the
   * second signal ends it in the middle of closing. The group gets SIGTERM, then SIGKILL, only if
   * something is left after the timeout.
   */
  async stop(): Promise<void> {
    const group = this.child.pid;
    if (group === undefined) return;
    const demo = await demoPid(group);
    signal(demo ?? -group, 'SIGTERM');
    if (await gone(group, STOP_TIMEOUT_MS)) return;
    signal(-group, 'SIGTERM');
    if (await gone(group, STOP_TIMEOUT_MS)) return;
    signal(-group, 'SIGKILL');
  }
}

/** False when no such process (or group) is left: ESRCH. */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

async function gone(group: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!signal(-group, 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * The process of the group that runs the demo itself: of those whose command line names demo.ts
 * (npm's shell, tsx, and the node child tsx starts), the one with no such child. Linux /proc; null
 * elsewhere or when it cannot be told.
 */
async function demoPid(group: number): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const members: Array<{ pid: number; parent: number }> = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, …
      const [, parent, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== group) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('demo.ts')) members.push({ pid: Number(entry), parent: Number(parent) });
    } catch {
      // The process ended while we looked.
    }
  }
  const leaves = members.filter((m) => !members.some((other) => other.parent === m.pid));
  return leaves.length === 1 ? (leaves[0]?.pid ?? null) : null;
}
