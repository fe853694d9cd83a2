/**
 * Distinct hues that stay readable on light and dark backgrounds; a cluster keeps its colour across
 * sessions because it is picked from its stable id, not its position.
 */
const PALETTE = [
  '#2563eb',
  '#db2777',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#dc2626',
  '#65a30d',
  '#c026d3',
  '#0d9488',
  '#ea580c',
  '#4f46e5',
] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The colour marking a cluster: the user's choice (`cluster:colour` preference) or one from its id. */
export function clusterColour(clusterId: string, preferred?: string | null): string {
  return preferred ?? PALETTE[hash(clusterId) % PALETTE.length] ?? PALETTE[0];
}
