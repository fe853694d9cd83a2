import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writePrivateFile } from './atomic-file';

export type ExecPluginMode = 'ok' | 'fail' | 'hang';

interface ExecPluginState {
  expirySeconds: number;
  tokens: Record<string, string>;
  modes: Record<string, ExecPluginMode>;
}

/** Path of the exec credential plugin script shipped with the kit (run with `node`). */
export const execCredentialPluginPath = [
  // From src/fleet/ when run from source, from dist/ when built.
  '../../bin/exec-credential.mjs',
  '../bin/exec-credential.mjs',
]
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((path) => existsSync(path)) as string;

/**
 * Controls the exec credential plugin of a fleet: which token it prints per cluster, how long the
 * credential lives, and whether it succeeds, fails or hangs. Changes apply to the next plugin run.
 */
export class ExecPluginControl {
  private state: ExecPluginState;

  constructor(
    readonly statePath: string,
    expirySeconds = 3600,
  ) {
    this.state = { expirySeconds, tokens: {}, modes: {} };
  }

  /** kubeconfig `exec` settings for a cluster's user. */
  execConfig(cluster: string) {
    return {
      command: process.execPath,
      args: [execCredentialPluginPath, '--state', this.statePath, '--cluster', cluster],
    };
  }

  async setToken(cluster: string, token: string): Promise<void> {
    this.state.tokens[cluster] = token;
    await this.save();
  }

  async setMode(cluster: string, mode: ExecPluginMode): Promise<void> {
    this.state.modes[cluster] = mode;
    await this.save();
  }

  async setExpirySeconds(seconds: number): Promise<void> {
    this.state.expirySeconds = seconds;
    await this.save();
  }

  /** How many times the plugin ran for a cluster (all clusters when omitted). */
  async invocations(cluster?: string): Promise<number> {
    let text = '';
    try {
      text = await readFile(`${this.statePath}.calls`, 'utf8');
    } catch {
      return 0;
    }
    return text
      .split('\n')
      .filter((line) => line && (cluster === undefined || line.split(' ')[0] === cluster)).length;
  }

  save(): Promise<void> {
    return writePrivateFile(this.statePath, JSON.stringify(this.state, null, 2));
  }
}
