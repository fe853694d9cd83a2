import type { FleetClient, FleetView, KubeObjectLike, ResourceQuery } from '@flotilla/cluster-core';

/** The live client's default: `FleetStore` notifies at most once per 16 ms window. */
const WINDOW_MS = 16;

export interface BatchedClient {
  client: FleetClient;
  /** Notifications the resource views delivered so far. */
  notifications(): number;
}

/**
 * The fixture client notifies its views on every scripted change, while the live client's store
 * batches a watch's events into 16 ms windows. This wraps the fixture's resource views the same
 * way, so 1,000 updates per second reach a table as about 60 snapshots, as they would in a console.
 */
export function batchResourceViews(fixture: FleetClient): BatchedClient {
  let delivered = 0;
  const batched = <S>(view: FleetView<S>): FleetView<S> => ({
    getSnapshot: () => view.getSnapshot(),
    subscribe: (listener) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const unsubscribe = view.subscribe(() => {
        timer ??= setTimeout(() => {
          timer = null;
          delivered++;
          listener();
        }, WINDOW_MS);
      });
      return () => {
        if (timer !== null) clearTimeout(timer);
        unsubscribe();
      };
    },
  });
  const resources: FleetClient['resources'] = <T extends KubeObjectLike>(query: ResourceQuery) =>
    batched(fixture.resources<T>(query));
  const client = new Proxy(fixture, {
    get(target, key) {
      if (key === 'resources') return resources;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client, notifications: () => delivered };
}
