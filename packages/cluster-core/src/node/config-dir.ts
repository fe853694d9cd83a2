import os from 'node:os';
import path from 'node:path';

/**
 * Flotilla's own configuration directory: `$XDG_CONFIG_HOME/flotilla`, else `%APPDATA%\flotilla` on
 * Windows, else `~/.config/flotilla`. A relative XDG_CONFIG_HOME is ignored, as the XDG spec asks.
 */
export function flotillaConfigDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'flotilla');
  const appData = env['APPDATA'];
  if (platform === 'win32' && appData) return path.join(appData, 'flotilla');
  return path.join(home, '.config', 'flotilla');
}
