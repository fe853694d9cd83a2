import { ManualClock } from '../../clock';
import type { SerializedFlotillaError } from '../../errors';
import { FleetStore } from '../../fleet-store/fleet-store';
import { microtaskScheduler } from '../../fleet-store/scheduler';
import type { KubeObjectLike } from '../../fleet-store/types';

export interface PodInit {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  rv?: string;
  phase?: string;
  created?: string;
  annotations?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export function pod(init: PodInit): KubeObjectLike {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: init.name,
      namespace: init.namespace ?? 'default',
      uid: `uid-${init.name}`,
      resourceVersion: init.rv ?? '1',
      creationTimestamp: init.created ?? '2025-01-01T00:00:00Z',
      ...(init.labels ? { labels: init.labels } : {}),
      ...(init.annotations ? { annotations: init.annotations } : {}),
    },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    status: { phase: init.phase ?? 'Running' },
    ...init.extra,
  };
}

export function newStore(clock = new ManualClock(1_000)): { store: FleetStore; clock: ManualClock } {
  return { store: new FleetStore({ clock, scheduler: microtaskScheduler }), clock };
}

export function authError(clusterId: string): SerializedFlotillaError {
  return { kind: 'auth', clusterId, message: '[b] Unauthorized', retryable: false, status: 401 };
}
