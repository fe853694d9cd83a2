/**
 * A tiny simulated shell for `pods/exec`: enough of sh for consoles and kubectl tests — `echo`,
 * `hostname`, `env`, `cat /etc/hostname`, `pwd`, `true`, `false`, `exit N`, `sh -c "…"`, `;`, `&&`,
 * `||` and `>&2`. Anything else is `sh: <cmd>: not found` with exit code 127, as in a real shell.
 */

export interface ShellOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface ShellContext {
  /** The pod name, which is also the container's hostname. */
  hostname: string;
  env: Readonly<Record<string, string>>;
}

/** What running something left behind: its exit code, and whether it asked the shell to exit. */
export interface ShellResult {
  code: number;
  exit: boolean;
}

type Token = { word: string } | { op: ';' | '&&' | '||' };

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/bash', 'ash', '/bin/ash']);

export const isShell = (command: string | undefined): boolean => command !== undefined && SHELLS.has(command);

/** Splits a command line into words and operators, honouring single and double quotes and `\`. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word: string | null = null;
  const push = () => {
    if (word !== null) tokens.push({ word });
    word = null;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      const stop = end === -1 ? line.length : end;
      const quoted = line.slice(i + 1, stop);
      word = (word ?? '') + (c === '"' ? quoted.replace(/\\(["\\$`])/g, '$1') : quoted);
      i = stop;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line.charAt(++i);
    } else if (c === ' ' || c === '\t') {
      push();
    } else if (c === ';' || c === '\n') {
      push();
      tokens.push({ op: ';' });
    } else if ((c === '&' || c === '|') && line.charAt(i + 1) === c) {
      push();
      tokens.push({ op: c === '&' ? '&&' : '||' });
      i++;
    } else {
      word = (word ?? '') + c;
    }
  }
  push();
  return tokens;
}

export class SimulatedShell {
  constructor(
    private readonly context: ShellContext,
    private readonly output: ShellOutput,
  ) {}

  /** Runs a script (`sh -c` text or one interactive line); `exit` stops it. */
  runScript(script: string, last = 0): ShellResult {
    let code = last;
    let skip = false;
    let argv: string[] = [];
    const runPending = (): boolean => {
      if (argv.length === 0) return false;
      const pending = argv;
      argv = [];
      if (skip) return false;
      const result = this.runArgv(pending);
      code = result.code;
      return result.exit;
    };
    for (const token of tokenize(script)) {
      if ('word' in token) {
        argv.push(token.word);
        continue;
      }
      if (runPending()) return { code, exit: true };
      skip = (token.op === '&&' && code !== 0) || (token.op === '||' && code === 0);
    }
    const exit = runPending();
    return { code, exit };
  }

  /** Runs one command given as an argument vector (as `pods/exec` passes `command=` parameters). */
  runArgv(argv: readonly string[]): ShellResult {
    const redirect = argv.at(-1) === '>&2' || argv.at(-1) === '1>&2';
    const words = redirect ? argv.slice(0, -1) : argv;
    const out = redirect ? (t: string) => this.output.stderr(t) : (t: string) => this.output.stdout(t);
    const [command, ...args] = words;
    switch (command) {
      case undefined:
        return { code: 0, exit: false };
      case 'echo': {
        const noNewline = args[0] === '-n';
        out(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
        return { code: 0, exit: false };
      }
      case 'hostname':
        out(`${this.context.hostname}\n`);
        return { code: 0, exit: false };
      case 'env':
        out(
          Object.entries(this.context.env)
            .map(([k, v]) => `${k}=${v}\n`)
            .join(''),
        );
        return { code: 0, exit: false };
      case 'pwd':
        out('/\n');
        return { code: 0, exit: false };
      case 'true':
        return { code: 0, exit: false };
      case 'false':
        return { code: 1, exit: false };
      case 'cat':
        return this.cat(args, out);
      case 'exit': {
        const code = Number.parseInt(args[0] ?? '0', 10);
        return { code: Number.isNaN(code) ? 2 : code & 0xff, exit: true };
      }
      default:
        if (isShell(command) && args[0] === '-c') {
          // A nested shell: its `exit` ends only itself.
          return { code: this.runScript(args[1] ?? '').code, exit: false };
        }
        this.output.stderr(`sh: ${command}: not found\n`);
        return { code: 127, exit: false };
    }
  }

  private cat(files: readonly string[], out: (text: string) => void): ShellResult {
    let code = 0;
    for (const file of files) {
      if (file === '/etc/hostname') out(`${this.context.hostname}\n`);
      else {
        this.output.stderr(`cat: ${file}: No such file or directory\n`);
        code = 1;
      }
    }
    return { code, exit: false };
  }
}
