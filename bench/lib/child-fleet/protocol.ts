/** Messages between a benchmark and the simulated fleet it runs in a child process (`fleet-process.ts`). */

/** What the child starts: `clusters` clusters named `sim-1` … with `podsPerCluster` pods each. */
export interface ChildFleetSpec {
  clusters: number;
  podsPerCluster: number;
  /** Give every pod the managedFields a real API server sends (simulated pods have none). */
  managedFields?: boolean;
}

/** Faults a benchmark injects into one cluster; `heal` undoes them. */
export type ChildFault = 'hang' | 'refuse' | 'revoke-token';

export type ChildFleetCommand =
  | { id: number; type: 'cpu' }
  | { id: number; type: 'fault'; cluster: string; fault: ChildFault }
  | { id: number; type: 'heal'; cluster: string }
  | { id: number; type: 'burst'; clusters: string[]; events: number }
  | { id: number; type: 'stop' };

export type ChildFleetMessage =
  | { type: 'ready'; kubeconfigPath: string; clusterNames: string[]; startMs: number }
  | { type: 'failed'; message: string }
  | { id: number; type: 'cpu'; userMicros: number; systemMicros: number }
  | { id: number; type: 'burst'; events: number; ms: number }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string };
