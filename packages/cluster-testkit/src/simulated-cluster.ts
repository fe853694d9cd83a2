import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BUILTIN_RESOURCES, OPENSHIFT_RESOURCES, type ResourceType } from './api/resources';
import { TypeRegistry, typesFromCrd } from './api/type-registry';
import type { KubeObject } from './api/types';
import { UserDirectory, DEFAULT_USERS, type UserSpec } from './auth/users';
import { FaultInjector } from './faults/fault-injector';
import { healthyState, type FaultState } from './faults/fault-state';
import { buildKubeconfig, type KubeconfigEntry } from './fleet/kubeconfig';
import {
  createCertificateAuthority,
  issueClientCertificate,
  issueServerCertificate,
  type CertificateAuthority,
  type PemKeyPair,
} from './server/certs';
import type { ServerContext, ServerSettings, VersionInfo } from './server/context';
import { RequestLog } from './server/request-log';
import { Responder } from './server/responder';
import { asApiError, authenticate, route, type Identity } from './server/router';
import { errors } from './api/status';
import { ExecServer } from './server/exec-server';
import type { WatchStream } from './server/watch-stream';
import { ObjectStore } from './store/object-store';
import { ChurnGenerator } from './workload/churn';
import { WorkloadControllers } from './workload/controllers';
import { generateWorkload, type WorkloadOptions } from './workload/seed';

export type ClusterFlavor = 'kubernetes' | 'openshift';

export interface SimulatedClusterOptions {
  /** Human name; also the kubeconfig cluster/context name. Default `sim`. */
  name?: string;
  /** 0 (default) picks a free port; the same port is reused by restart(). */
  port?: number;
  flavor?: ClusterFlavor;
  /** e.g. `v1.31.4`; OpenShift clusters default to an OpenShift-built version. */
  kubernetesVersion?: string;
  users?: readonly UserSpec[];
  /** Seed a realistic workload (default) or start empty (`false`). */
  workload?: false | Partial<Omit<WorkloadOptions, 'clusterName' | 'flavor' | 'kubernetesVersion'>>;
  /** Change events kept per resource type for watch resumption (default 2000). */
  historySize?: number;
  bookmarkIntervalMs?: number;
  logLineIntervalMs?: number;
  maxRequestBodyBytes?: number;
  /** Randomness for probabilistic faults; inject for deterministic tests. */
  random?: () => number;
}

const DEFAULT_VERSION: Record<ClusterFlavor, string> = {
  kubernetes: 'v1.31.4',
  openshift: 'v1.29.8+f10c92d',
};

function versionInfo(gitVersion: string): VersionInfo {
  const match = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: match?.[1] ?? '1',
    minor: match?.[2] ?? '31',
    gitVersion,
    gitCommit: 'a71f3c6b2e6c1d9f0e7b2f1f6a0d4c5e8b9a7c3d',
    gitTreeState: 'clean',
    buildDate: '2026-10-01T00:00:00Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

interface HeldRequest {
  res: ServerResponse;
  resume: () => void;
}

/**
 * One in-process Kubernetes API server over HTTPS on 127.0.0.1, faithful enough for kubectl and
 * @kubernetes/client-node, with run-time fault injection through `faults`.
 */
export class SimulatedCluster {
  readonly name: string;
  readonly flavor: ClusterFlavor;
  readonly store: ObjectStore;
  readonly registry: TypeRegistry;
  readonly users: UserDirectory;
  readonly requestLog = new RequestLog();
  readonly faults: FaultInjector;

  private readonly faultState: FaultState = healthyState();
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<WatchStream>();
  private readonly held = new Set<HeldRequest>();
  private readonly controllers: WorkloadControllers;
  private readonly context: ServerContext;
  private readonly exec: ExecServer;
  private readonly random: () => number;
  private server: Server;
  private boundPort = 0;
  private listening = false;
  private churn: ChurnGenerator | undefined;

  private constructor(
    options: SimulatedClusterOptions,
    private readonly ca: CertificateAuthority,
    serving: PemKeyPair,
  ) {
    this.name = options.name ?? 'sim';
    this.flavor = options.flavor ?? 'kubernetes';
    this.random = options.random ?? Math.random;
    this.store = new ObjectStore({ historySize: options.historySize ?? 2000 });
    const types: ResourceType[] = [
      ...BUILTIN_RESOURCES,
      ...(this.flavor === 'openshift' ? OPENSHIFT_RESOURCES : []),
    ];
    this.registry = new TypeRegistry(types);
    this.users = new UserDirectory(options.users ?? DEFAULT_USERS);
    this.controllers = new WorkloadControllers(this.store, this.registry);
    const settings: ServerSettings = {
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000,
      logLineIntervalMs: options.logLineIntervalMs ?? 1000,
      maxRequestBodyBytes: options.maxRequestBodyBytes ?? 3 * 1024 * 1024,
    };
    this.context = {
      clusterName: this.name,
      store: this.store,
      registry: this.registry,
      users: this.users,
      faults: this.faultState,
      version: versionInfo(options.kubernetesVersion ?? DEFAULT_VERSION[this.flavor]),
      settings,
      watches: this.watches,
      controllers: this.controllers,
      random: this.random,
      serverAddress: () => `127.0.0.1:${this.boundPort}`,
    };
    this.faults = new FaultInjector({
      state: this.faultState,
      users: this.users,
      cutWatches: () => this.endWatches(),
      compactHistory: () => this.store.compact(),
      closeListener: () => this.closeListener(),
      reopenListener: () => this.listen(this.boundPort),
      releaseHeld: () => this.releaseHeld(),
      now: () => Date.now(),
    });
    this.exec = new ExecServer(this.context, this.requestLog);
    this.server = this.createServer(serving);
  }

  /** Starts a cluster: generates its CA and serving certificate, seeds its workload, listens. */
  static async start(options: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
    const name = options.name ?? 'sim';
    const ca = await createCertificateAuthority(`${name}-ca`);
    const serving = await issueServerCertificate(ca);
    const cluster = new SimulatedCluster(options, ca, serving);
    if (options.workload !== false) {
      cluster.seed(
        generateWorkload({
          seed: name,
          ...(options.workload ?? {}),
          clusterName: name,
          flavor: cluster.flavor,
          kubernetesVersion: cluster.context.version.gitVersion,
        }),
      );
    }
    await cluster.listen(options.port ?? 0);
    return cluster;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `https://127.0.0.1:${this.boundPort}`;
  }

  /** PEM of the cluster's CA, for kubeconfig `certificate-authority-data`. */
  get caPem(): string {
    return this.ca.certPem;
  }

  get version(): VersionInfo {
    return this.context.version;
  }

  get openWatchCount(): number {
    return this.watches.size;
  }

  /** `pods/exec` WebSocket sessions currently open. */
  get openExecCount(): number {
    return this.exec.openSessionCount;
  }

  /** The bearer token this cluster issued to `user`. */
  tokenFor(user: string): string {
    return this.users.get(user).token;
  }

  /** A client certificate for the user, signed by this cluster's CA. */
  clientCertificateFor(user: string): Promise<PemKeyPair> {
    const spec = this.users.get(user);
    return issueClientCertificate(this.ca, spec.name, spec.groups);
  }

  /** A kubeconfig entry for this cluster as `user` (token auth by default). */
  kubeconfigEntry(
    options: { user?: string; contextName?: string; namespace?: string } = {},
  ): KubeconfigEntry {
    const user = options.user ?? 'admin';
    return {
      contextName: options.contextName ?? this.name,
      clusterName: this.name,
      userName: `${this.name}-${user}`,
      server: this.url,
      certificateAuthorityData: this.caPem,
      credential: { token: this.tokenFor(user) },
      ...(options.namespace ? { namespace: options.namespace } : {}),
    };
  }

  /** A kubeconfig YAML with one context for this cluster. */
  kubeconfig(options: { user?: string; contextName?: string; namespace?: string } = {}): string {
    return buildKubeconfig([this.kubeconfigEntry(options)]);
  }

  /** Stores objects directly (no admission, no authorization), e.g. to set up a test. */
  seed(objects: readonly KubeObject[]): void {
    const rank = (o: KubeObject) =>
      o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
    for (const object of [...objects].sort((a, b) => rank(a) - rank(b))) {
      const type = this.registry.byKind(object.apiVersion, object.kind);
      if (!type) throw new Error(`${this.name}: no served type for ${object.apiVersion} ${object.kind}`);
      const created = this.store.create(type, object);
      if (object.kind === 'CustomResourceDefinition')
        for (const t of typesFromCrd(created)) this.registry.add(t);
    }
  }

  /** Light realistic change (pod phases, restarts, replacements, events) at `eventsPerSecond`. */
  startChurn(eventsPerSecond: number, seed: number | string = this.name): ChurnGenerator {
    this.stopChurn();
    const lookup = (plural: string) => {
      const type = this.registry.all().find((t) => t.plural === plural);
      if (!type) throw new Error(`${this.name}: no resource ${plural}`);
      return type;
    };
    this.churn = new ChurnGenerator({
      eventsPerSecond,
      seed,
      target: {
        list: (plural) => this.store.list(lookup(plural)).items,
        update: (plural, object) => {
          this.store.update(lookup(plural), {
            ...object,
            metadata: { ...object.metadata, resourceVersion: '' },
          });
        },
        create: (plural, object) => {
          this.store.create(lookup(plural), object);
        },
        remove: (plural, namespace, name) => {
          if (this.store.get(lookup(plural), namespace, name))
            this.store.delete(lookup(plural), namespace, name);
        },
      },
    });
    this.churn.start();
    return this.churn;
  }

  /** Stops the background change started by `startChurn`. */
  stopChurn(): void {
    this.churn?.stop();
    this.churn = undefined;
  }

  /** Closes every socket and the listener, then listens again on the same port; state is kept. */
  async restart(): Promise<void> {
    await this.closeListener();
    this.controllers.start();
    this.faultState.refused = false;
    await this.listen(this.boundPort);
  }

  /** Stops serving: ends watches, drops every connection (including hung ones), stops timers. */
  async stop(): Promise<void> {
    this.stopChurn();
    this.controllers.stop();
    await this.closeListener();
  }

  private createServer(serving: PemKeyPair): Server {
    const server = createServer(
      {
        key: serving.keyPem,
        cert: serving.certPem,
        ca: [this.ca.certPem],
        // Ask for a client certificate but let token users connect without one.
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 30_000,
      },
      (req, res) => this.onRequest(req, res),
    );
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.exec.handleUpgrade(req, socket, head),
    );
    // A client that drops mid-handshake must not take the server down.
    server.on('tlsClientError', () => undefined);
    return server;
  }

  private async listen(port: number): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  private async closeListener(): Promise<void> {
    this.endWatches();
    this.exec.closeAll();
    for (const held of this.held) held.res.destroy();
    this.held.clear();
    const closed = this.listening
      ? new Promise<void>((resolve) => this.server.close(() => resolve()))
      : Promise.resolve();
    this.listening = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private endWatches(): number {
    const count = this.watches.size;
    for (const watch of [...this.watches]) watch.end();
    return count;
  }

  private releaseHeld(): void {
    const held = [...this.held];
    this.held.clear();
    for (const request of held) request.resume();
    for (const watch of this.watches) watch.flush();
    this.exec.release();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const responder = new Responder(res, this.faultState, this.random);
    const identity: Identity = { user: null, credential: null };
    res.on('close', () => {
      this.requestLog.add({
        at: Date.now(),
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        user: identity.user?.name ?? null,
        credential: identity.credential,
        status: res.headersSent ? res.statusCode : 0,
        durationMs: performance.now() - started,
        watch: url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1',
        faults: responder.applied,
      });
    });
    void this.process(req, res, url, responder, identity);
  }

  private async process(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    responder: Responder,
    identity: Identity,
  ): Promise<void> {
    if (this.faultState.hung) return this.hold(req, res, url, responder, identity);
    const latency = this.faultState.latency;
    if (latency) {
      responder.applied.push('latency');
      await new Promise((resolve) => setTimeout(resolve, latency.ms + this.random() * latency.jitterMs));
      if (this.faultState.hung) return this.hold(req, res, url, responder, identity);
      if (res.destroyed) return;
    }
    try {
      const authenticated = authenticate(this.context, req);
      identity.credential = authenticated.credential;
      if (authenticated.rejected) throw errors.unauthorized();
      identity.user = authenticated.user;
      await route(this.context, req, url, identity, responder);
    } catch (error) {
      if (responder.closed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      await responder.error(asApiError(error));
    }
  }

  private hold(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    responder: Responder,
    identity: Identity,
  ): void {
    if (!responder.applied.includes('hang')) responder.applied.push('hang');
    const held: HeldRequest = { res, resume: () => void this.process(req, res, url, responder, identity) };
    this.held.add(held);
    res.on('close', () => this.held.delete(held));
  }
}
