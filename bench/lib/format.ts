/** Number formatting shared by the console table and the generated docs, so both print the same figures. */

/** Three significant digits below 1000, whole numbers with thousands separators above. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(magnitude)));
  return value.toFixed(Math.min(digits, 4));
}

/** Ratios below 0.1 keep three significant digits: two decimals would print 0.004 as a misleading 0.00. */
export function formatRatio(value: number): string {
  if (Math.abs(value) < 0.1) return `${formatNumber(value)}×`;
  return `${value.toFixed(value >= 10 ? 1 : 2)}×`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value)} ${units[unit] ?? 'B'}`;
}
