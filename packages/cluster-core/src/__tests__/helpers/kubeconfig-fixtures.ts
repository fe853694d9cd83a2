import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ContextFixture {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

export interface KubeconfigFixture {
  clusters?: Array<{ name: string; cluster: Record<string, unknown> }>;
  users?: Array<{ name: string; user: Record<string, unknown> }>;
  contexts?: ContextFixture[];
}

/** A kubeconfig document written as block YAML (the form kubectl writes), not JSON. */
export function kubeconfigYaml(fixture: KubeconfigFixture): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const { name, cluster } of fixture.clusters ?? [])
    lines.push(`- name: ${name}`, '  cluster:', ...fields(cluster, '    '));
  lines.push('users:');
  for (const { name, user } of fixture.users ?? [])
    lines.push(`- name: ${name}`, '  user:', ...fields(user, '    '));
  lines.push('contexts:');
  for (const { name, ...context } of fixture.contexts ?? [])
    lines.push(`- name: ${name}`, '  context:', ...fields(context, '    '));
  return `${lines.join('\n')}\n`;
}

function fields(object: Record<string, unknown>, indent: string): string[] {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return [`${indent}{}`];
  return entries.map(([key, value]) => `${indent}${key}: ${JSON.stringify(value)}`);
}

/** One cluster, one token user and one context, all named `name`. */
export function simpleContext(
  name: string,
  server: string,
  token: string,
  namespace?: string,
): Required<KubeconfigFixture> {
  return {
    clusters: [{ name, cluster: { server } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, cluster: name, user: name, ...(namespace ? { namespace } : {}) }],
  };
}

export function mergeFixtures(...fixtures: Array<Required<KubeconfigFixture>>): Required<KubeconfigFixture> {
  return {
    clusters: fixtures.flatMap((f) => f.clusters),
    users: fixtures.flatMap((f) => f.users),
    contexts: fixtures.flatMap((f) => f.contexts),
  };
}

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-core-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `predicate` until it holds; fails after `timeoutMs` rather than waiting a fixed time. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Collects values pushed by a callback; `next()` resolves with the next one or fails after a timeout. */
export class CallbackQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T) => void) | null = null;

  readonly push = (item: T): void => {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter(item);
    else this.items.push(item);
  };

  get size(): number {
    return this.items.length;
  }

  next(what: string, timeoutMs = 5_000): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiter = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
    });
  }
}
