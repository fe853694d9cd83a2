/** Messages between the benchmark and the fleet it runs in a child process (`fleet-process.ts`). */

export type FleetCommand =
  | { id: number; type: 'cpu' }
  | { id: number; type: 'hang'; cluster: string }
  | { id: number; type: 'heal'; cluster: string }
  | { id: number; type: 'stop' };

export type FleetMessage =
  | { type: 'ready'; kubeconfigPath: string; clusterNames: string[]; startMs: number }
  | { type: 'failed'; message: string }
  | { id: number; type: 'cpu'; userMicros: number; systemMicros: number }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string };
