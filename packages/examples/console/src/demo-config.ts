/** What the demo server tells its console (see packages/examples/src/demo/start-demo.ts). */
export interface DemoConfig {
  bridgePath: string;
  token: string;
  simulated: boolean;
  groups: Record<string, string>;
}

export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/demo/config.json answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}
