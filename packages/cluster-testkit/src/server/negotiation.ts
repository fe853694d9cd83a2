/** Content negotiation over the Accept header, the way the apiserver walks it. */

export interface MediaType {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [{ type: '*/*', params: {}, q: 1 }];
  const parsed = header
    .split(',')
    .map((part) => {
      const [type = '', ...rawParams] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      let q = 1;
      for (const raw of rawParams) {
        const eq = raw.indexOf('=');
        if (eq < 0) continue;
        const key = raw.slice(0, eq).trim();
        const value = raw.slice(eq + 1).trim();
        if (key === 'q') q = Number(value);
        else params[key] = value;
      }
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((m) => m.type !== '' && m.q > 0);
  // Stable sort: equal weights keep the client's order.
  return parsed
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.q - a.m.q || a.i - b.i)
    .map(({ m }) => m);
}

const isJson = (m: MediaType) =>
  m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*';

export type ObjectRepresentation =
  { as: 'object' } | { as: 'Table' } | { as: 'PartialObjectMetadata' } | { as: 'PartialObjectMetadataList' };

/** How to render a read: plain objects, a server-side Table, or metadata only. */
export function negotiateRepresentation(accept: string | undefined): ObjectRepresentation | undefined {
  for (const media of parseAccept(accept)) {
    if (!isJson(media)) continue;
    const as = media.params['as'];
    if (!as) return { as: 'object' };
    if (media.params['g'] !== 'meta.k8s.io' || media.params['v'] !== 'v1') continue;
    if (as === 'Table') return { as: 'Table' };
    if (as === 'PartialObjectMetadata') return { as: 'PartialObjectMetadata' };
    if (as === 'PartialObjectMetadataList') return { as: 'PartialObjectMetadataList' };
  }
  return undefined;
}

export type DiscoveryRepresentation = { as: 'legacy' } | { as: 'aggregated'; version: 'v2' | 'v2beta1' };

/** Aggregated discovery only when the exact media type is asked for; kubectl ≤1.29 know only v2beta1. */
export function negotiateDiscovery(accept: string | undefined): DiscoveryRepresentation | undefined {
  for (const media of parseAccept(accept)) {
    if (!isJson(media)) continue;
    const as = media.params['as'];
    if (!as) return { as: 'legacy' };
    if (as !== 'APIGroupDiscoveryList' || media.params['g'] !== 'apidiscovery.k8s.io') continue;
    const version = media.params['v'];
    if (version === 'v2' || version === 'v2beta1') return { as: 'aggregated', version };
  }
  return undefined;
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export const aggregatedDiscoveryContentType = (version: 'v2' | 'v2beta1') =>
  `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
