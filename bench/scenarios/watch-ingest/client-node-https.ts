import { CoreV1Api, makeInformer, type Informer, type V1Pod } from '@kubernetes/client-node';
import { kubeConfigsByContext } from '../sessions/client-node-poller';
import { Signal, waitUntil, type IngestSubject } from './ingest-subject';

export const CLIENT_NODE_MAP = 'client-node 1.4 makeInformer → Map';

/**
 * What a client-node app does for a live view: per context one KubeConfig, `makeInformer` over
 * `/api/v1/pods` with `listPodForAllNamespaces`, and the objects it reports kept in a Map by
 * `context/namespace/name`.
 */
export class ClientNodeHttpsSubject implements IngestSubject {
  readonly name = CLIENT_NODE_MAP;
  readonly holdsObjects = true;
  private informers: Array<Informer<V1Pod>> = [];
  private objects = new Map<string, V1Pod>();
  private updated = 0;
  private errors: string[] = [];
  private readonly changed = new Signal();

  constructor(private readonly kubeconfigPath: string) {}

  async start(expectedPods: number, boundMs: number): Promise<void> {
    this.objects = new Map();
    this.updated = 0;
    this.errors = [];
    const starts = [...kubeConfigsByContext(this.kubeconfigPath)].map(([context, kc]) => {
      const api = kc.makeApiClient(CoreV1Api);
      const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
      const key = (pod: V1Pod) => `${context}/${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
      informer.on('add', (pod) => {
        this.objects.set(key(pod), pod);
        this.changed.notify();
      });
      informer.on('update', (pod) => {
        this.objects.set(key(pod), pod);
        this.updated++;
        this.changed.notify();
      });
      informer.on('delete', (pod) => {
        this.objects.delete(key(pod));
        this.changed.notify();
      });
      informer.on('error', (error: unknown) => this.errors.push(`${context}: ${String(error)}`));
      this.informers.push(informer);
      return informer.start();
    });
    await Promise.all(starts);
    const ready = () => this.objects.size === expectedPods;
    if (!(await waitUntil(ready, this.changed.subscribe, boundMs)))
      throw new Error(
        `${this.name}: ${this.objects.size} of ${expectedPods} pods after ${boundMs} ms ${this.errors.join('; ')}`,
      );
    this.updated = 0;
  }

  updates(): number {
    return this.updated;
  }

  waitForUpdates(count: number, boundMs: number): Promise<boolean> {
    return waitUntil(() => this.updated >= count, this.changed.subscribe, boundMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
    this.informers = [];
    this.objects = new Map();
  }
}
