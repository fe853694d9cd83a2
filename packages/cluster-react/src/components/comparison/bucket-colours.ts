const TONE_OF: Readonly<Record<string, string>> = {
  running: 'ok',
  ready: 'ok',
  succeeded: 'done',
  complete: 'done',
  pending: 'pending',
  active: 'pending',
  failed: 'error',
  'not ready': 'error',
  notready: 'error',
  unknown: 'offline',
};

const FALLBACK: Readonly<Record<string, string>> = {
  ok: '#16a34a',
  done: '#0891b2',
  pending: '#d97706',
  error: '#dc2626',
  offline: '#6b7280',
};

const EXTRA = ['#7c3aed', '#db2777', '#2563eb', '#65a30d'];

/** A status bucket's colour (pod phases, ready / not ready), themable through `--flotilla-bucket-*`. */
export function bucketColour(bucket: string, index: number): string {
  const tone = TONE_OF[bucket.toLowerCase()];
  if (tone) return `var(--flotilla-bucket-${tone}, ${FALLBACK[tone]})`;
  return EXTRA[index % EXTRA.length] as string;
}

/** Buckets in a stable order: healthy first, failing last, others alphabetically between. */
export function orderBuckets(buckets: Iterable<string>): string[] {
  const rank = (bucket: string) =>
    ['ok', 'done', 'pending', 'offline', 'error'].indexOf(TONE_OF[bucket.toLowerCase()] ?? '');
  return [...new Set(buckets)].sort((a, b) => {
    const ra = rank(a) < 0 ? 2.5 : rank(a);
    const rb = rank(b) < 0 ? 2.5 : rank(b);
    return ra - rb || a.localeCompare(b);
  });
}
