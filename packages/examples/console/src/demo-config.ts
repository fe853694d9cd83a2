/** What the demo server tells its console (see packages/examples/src/demo/start-demo.ts). */
export interface DemoConfig {
  bridgePath: string;
  simulated: boolean;
  groups: Record<string, string>;
}

export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/demo/config.json answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}

const TOKEN_KEY = 'flotilla-demo:token';

/**
 * The access token arrives in the fragment of the URL the demo printed (`#token=…`; fragments are
 * never sent to a server). It is kept for this tab only, so a reload works, and removed from the
 * address bar so it does not end up in bookmarks or screenshots.
 */
export function takeAccessToken(): string | null {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
