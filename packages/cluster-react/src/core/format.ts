/** kubectl's age format (its `HumanDuration`): `45s`, `7m12s`, `60m`, `5h30m`, `20h`, `3d4h`, `12d`, `2y10d`. */
export function formatAge(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '';
  const ms = now - Date.parse(timestamp);
  if (!Number.isFinite(ms)) return '';
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${small}${smallUnit}`;
  if (minutes < 10) return pair(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return pair(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) return pair(Math.floor(hours / 24 / 365), 'y', Math.floor(hours / 24) % 365, 'd');
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** A countdown to `at`: `42 s`, `3 min 05 s`, or `now` when due. */
export function formatCountdown(at: number, now: number): string {
  const s = Math.ceil((at - now) / 1000);
  if (s <= 0) return 'now';
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Bytes in binary units, as Kubernetes quantities use them (`48 GiB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatCores(cores: number): string {
  return Number.isInteger(cores) ? `${cores}` : cores.toFixed(2);
}

export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
