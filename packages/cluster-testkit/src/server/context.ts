import type { TypeRegistry } from '../api/type-registry';
import type { UserDirectory } from '../auth/users';
import type { FaultState } from '../faults/fault-state';
import type { ObjectStore } from '../store/object-store';
import type { WatchStream } from './watch-stream';
import type { Controllers } from '../workload/controllers';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface ServerSettings {
  bookmarkIntervalMs: number;
  /** How often `pods/log?follow=true` streams a new line. */
  logLineIntervalMs: number;
  /** Request bodies above this size get 413. */
  maxRequestBodyBytes: number;
}

/** What request handlers may touch: this one cluster's state, nothing else. */
export interface ServerContext {
  readonly clusterName: string;
  readonly store: ObjectStore;
  readonly registry: TypeRegistry;
  readonly users: UserDirectory;
  readonly faults: FaultState;
  readonly version: VersionInfo;
  readonly settings: ServerSettings;
  readonly watches: Set<WatchStream>;
  readonly controllers: Controllers;
  readonly random: () => number;
  serverAddress(): string;
}
