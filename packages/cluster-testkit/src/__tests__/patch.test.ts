import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  APPLY_PATCH,
  JSON_PATCH,
  MERGE_PATCH,
  PatchError,
  STRATEGIC_MERGE_PATCH,
} from '../api/patch';
import type { KubeObject } from '../api/types';

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '10',
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { app: 'web', tier: 'fe' },
      finalizers: ['a'],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.25',
              args: ['--a', '--b'],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, name: 'http' }],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'envoy:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
    status: {
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

const spec = (o: KubeObject) =>
  o.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } };
const containers = (o: KubeObject) => spec(o).template.spec.containers;

function patchError(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PatchError);
    return error as PatchError;
  }
  throw new Error('expected a PatchError');
}

describe('applyPatch content types', () => {
  it('rejects unknown media types with 415 and the apiserver message', () => {
    const error = patchError(() => applyPatch(deployment(), 'application/json', {}));
    expect(error.status).toBe(415);
    expect(error.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, ' +
        'application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
    expect(patchError(() => applyPatch(deployment(), APPLY_PATCH, 'x')).status).toBe(415);
    expect(patchError(() => applyPatch(deployment(), '', {})).status).toBe(415);
  });

  it('ignores media type parameters and case', () => {
    const out = applyPatch(deployment(), 'Application/Merge-Patch+JSON; charset=utf-8', {
      spec: { replicas: 5 },
    });
    expect((out.spec as { replicas: number }).replicas).toBe(5);
  });

  it('refuses strategic merge when the resource does not support it, like custom resources', () => {
    const error = patchError(() =>
      applyPatch(deployment(), STRATEGIC_MERGE_PATCH, {}, { strategicMerge: false }),
    );
    expect(error.status).toBe(415);
    expect(error.message).not.toContain('strategic');
    expect(() => applyPatch(deployment(), MERGE_PATCH, {}, { strategicMerge: false })).not.toThrow();
  });

  it('accepts raw JSON text or bytes and rejects malformed JSON with 400', () => {
    const fromText = applyPatch(deployment(), MERGE_PATCH, '{"metadata":{"labels":{"x":"y"}}}');
    expect(fromText.metadata.labels).toMatchObject({ x: 'y' });
    const fromBytes = applyPatch(
      deployment(),
      MERGE_PATCH,
      new TextEncoder().encode('{"spec":{"replicas":1}}'),
    );
    expect((fromBytes.spec as { replicas: number }).replicas).toBe(1);
    expect(patchError(() => applyPatch(deployment(), MERGE_PATCH, '{nope')).status).toBe(400);
  });

  it('never mutates the target or the patch', () => {
    for (const [type, body] of [
      [
        MERGE_PATCH,
        {
          metadata: { labels: { tier: null, new: 'x' } },
          spec: { template: { spec: { containers: [{ name: 'x' }] } } },
        },
      ],
      [
        STRATEGIC_MERGE_PATCH,
        {
          spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2', $patch: 'merge' }] } } },
        },
      ],
      [
        JSON_PATCH,
        [{ op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'C', value: '3' } }],
      ],
    ] as const) {
      const target = deployment();
      const snapshot = structuredClone(target);
      const patch = structuredClone(body);
      const out = applyPatch(target, type, patch);
      expect(target).toEqual(snapshot);
      expect(patch).toEqual(body);
      expect(out).not.toBe(target);
      expect(out.spec).not.toBe(target.spec);
    }
  });

  it('does not alias patch values into the result', () => {
    const patch = { metadata: { annotations: { note: 'x' } } };
    const out = applyPatch(deployment(), MERGE_PATCH, patch);
    patch.metadata.annotations.note = 'changed';
    expect(out.metadata.annotations?.note).toBe('x');
  });
});

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null and replaces lists wholesale', () => {
    const out = applyPatch(deployment(), MERGE_PATCH, {
      metadata: { labels: { tier: null, track: 'stable' } },
      spec: { template: { spec: { containers: [{ name: 'only', image: 'busybox' }] } } },
    });
    expect(out.metadata.labels).toEqual({ app: 'web', track: 'stable' });
    expect(containers(out)).toEqual([{ name: 'only', image: 'busybox' }]);
    expect(out.metadata.name).toBe('web');
  });

  it('replaces non-object values and creates missing maps', () => {
    const out = applyPatch(deployment(), MERGE_PATCH, {
      spec: { strategy: 'Recreate', paused: true },
      metadata: { annotations: { a: 'b', ignored: null } },
    });
    expect((out.spec as Record<string, unknown>).strategy).toBe('Recreate');
    expect((out.spec as Record<string, unknown>).paused).toBe(true);
    expect(out.metadata.annotations).toEqual({ a: 'b' });
  });

  it('keeps nulls inside arrays verbatim, as the RFC says', () => {
    const out = applyPatch(deployment(), MERGE_PATCH, { spec: { list: [null, 1] } });
    expect((out.spec as Record<string, unknown>).list).toEqual([null, 1]);
  });

  it('follows the RFC 7386 appendix examples', () => {
    const base = (extra: Record<string, unknown>) => ({ ...deployment(), ...extra }) as KubeObject;
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [original, patch, expected] of cases) {
      const {
        apiVersion: _a,
        kind: _k,
        metadata: _m,
        spec: _s,
        status: _st,
        ...rest
      } = applyPatch(base(original), MERGE_PATCH, patch);
      expect(rest).toEqual(expected);
    }
  });

  it('rejects a patch that is not an object with 400 and a result without metadata with 422', () => {
    for (const body of [[], 'x', 3, null]) {
      expect(patchError(() => applyPatch(deployment(), MERGE_PATCH, body)).status).toBe(400);
    }
    expect(patchError(() => applyPatch(deployment(), MERGE_PATCH, { metadata: null })).status).toBe(422);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, move, copy and passing tests in order', () => {
    const out = applyPatch(deployment(), JSON_PATCH, [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 4 },
      { op: 'add', path: '/metadata/labels/version', value: 'v2' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'add', path: '/spec/template/spec/containers/0/args/1', value: '--mid' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/annotations', path: '/metadata/labels/copied' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'escaped' },
    ]);
    expect((out.spec as { replicas: number }).replicas).toBe(4);
    expect(out.metadata.labels).toEqual({ app: 'web', version: 'v2', copied: 'web', 'a/b': 'escaped' });
    expect(containers(out)[0]?.args).toEqual(['--a', '--mid', '--b']);
    expect(out.metadata.annotations).toBeUndefined();
  });

  it('fails a patch whose test operation does not hold with 422', () => {
    const error = patchError(() =>
      applyPatch(deployment(), JSON_PATCH, [
        { op: 'test', path: '/metadata/resourceVersion', value: '9' },
        { op: 'replace', path: '/spec/replicas', value: 0 },
      ]),
    );
    expect(error.status).toBe(422);
    expect(error.message).toBe('testing value /metadata/resourceVersion failed: test failed');
  });

  it.each([
    [[{ op: 'remove', path: '/metadata/labels/missing' }], /remove/],
    [[{ op: 'replace', path: '/spec/nope', value: 1 }], /replace/],
    [[{ op: 'add', path: '/spec/missing/deep', value: 1 }], /add/],
    [[{ op: 'move', from: '/spec/missing', path: '/spec/x' }], /move/],
    [[{ op: 'add', path: '/spec/template/spec/containers/9', value: {} }], /add/],
    [[{ op: 'frobnicate', path: '/spec' }], /frobnicate/],
    [[{ op: 'add', path: 'spec', value: 1 }], /add/],
    [[{ op: 'add', path: '/spec/x' }], /add/],
  ])('rejects %j with 422', (ops, message) => {
    const error = patchError(() => applyPatch(deployment(), JSON_PATCH, ops));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('rejects bodies that are not a list of operations with 400', () => {
    expect(patchError(() => applyPatch(deployment(), JSON_PATCH, { op: 'add' })).status).toBe(400);
    expect(patchError(() => applyPatch(deployment(), JSON_PATCH, ['add'])).status).toBe(400);
    expect(patchError(() => applyPatch(deployment(), JSON_PATCH, '[{')).status).toBe(400);
  });

  it('refuses to replace the whole document with a non-object', () => {
    expect(
      patchError(() => applyPatch(deployment(), JSON_PATCH, [{ op: 'replace', path: '', value: 1 }])).status,
    ).toBe(422);
  });

  it('accepts an empty patch as a no-op copy', () => {
    const target = deployment();
    const out = applyPatch(target, JSON_PATCH, []);
    expect(out).toEqual(target);
    expect(out).not.toBe(target);
  });

  it('does not let __proto__ paths pollute prototypes', () => {
    const error = patchError(() =>
      applyPatch(deployment(), JSON_PATCH, [{ op: 'add', path: '/__proto__/polluted', value: 1 }]),
    );
    expect(error.status).toBe(422);
    const merged = applyPatch(deployment(), MERGE_PATCH, JSON.parse('{"__proto__":{"polluted":1}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    const strategic = applyPatch(
      deployment(),
      STRATEGIC_MERGE_PATCH,
      JSON.parse('{"__proto__":{"polluted":1}}'),
    );
    expect(Object.getPrototypeOf(strategic)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('strategic merge patch', () => {
  const smp = (body: unknown, target = deployment()) => applyPatch(target, STRATEGIC_MERGE_PATCH, body);
  const podSpec = (body: Record<string, unknown>) => ({ spec: { template: { spec: body } } });

  it('merges containers by name, like kubectl set image', () => {
    const out = smp(podSpec({ containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    expect(containers(out).map((c) => [c.name, c.image])).toEqual([
      ['app', 'nginx:1.27'],
      ['sidecar', 'envoy:1'],
    ]);
    expect(containers(out)[0]?.env).toHaveLength(2);
    expect(containers(out)[0]?.args).toEqual(['--a', '--b']);
  });

  it('appends new keyed items and merges nested keyed lists', () => {
    const out = smp(
      podSpec({
        containers: [
          {
            name: 'app',
            env: [
              { name: 'B', value: 'two' },
              { name: 'C', value: '3' },
            ],
          },
          { name: 'debug', image: 'busybox' },
        ],
        initContainers: [{ name: 'init', image: 'alpine' }],
      }),
    );
    expect(containers(out).map((c) => c.name)).toEqual(['app', 'sidecar', 'debug']);
    expect(containers(out)[0]?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect((spec(out).template.spec as Record<string, unknown>).initContainers).toEqual([
      { name: 'init', image: 'alpine' },
    ]);
  });

  it('deletes keyed items with $patch: delete', () => {
    const out = smp(
      podSpec({
        containers: [
          { name: 'sidecar', $patch: 'delete' },
          { name: 'app', env: [{ name: 'A', $patch: 'delete' }] },
        ],
        volumes: [{ name: 'missing', $patch: 'delete' }],
      }),
    );
    expect(containers(out).map((c) => c.name)).toEqual(['app']);
    expect(containers(out)[0]?.env).toEqual([{ name: 'B', value: '2' }]);
    expect((spec(out).template.spec as Record<string, unknown>).volumes).toEqual([
      { name: 'data', emptyDir: {} },
    ]);
  });

  it('merges conditions by type', () => {
    const out = smp({
      status: {
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'Stuck' },
          { type: 'ReplicaFailure', status: 'True' },
        ],
      },
    });
    expect((out.status as { conditions: unknown[] }).conditions).toEqual([
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'False', reason: 'Stuck' },
      { type: 'ReplicaFailure', status: 'True' },
    ]);
  });

  it('uses the real merge keys for ports and volume mounts', () => {
    const out = smp(
      podSpec({
        containers: [
          {
            name: 'app',
            ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }],
            volumeMounts: [{ mountPath: '/data', readOnly: true }],
          },
        ],
      }),
    );
    expect(containers(out)[0]?.ports).toEqual([
      { containerPort: 80, name: 'http', protocol: 'TCP' },
      { containerPort: 443 },
    ]);
    expect(containers(out)[0]?.volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);

    const svc = {
      ...deployment(),
      kind: 'Service',
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    } as KubeObject;
    const patched = smp(
      {
        spec: {
          ports: [
            { port: 80, targetPort: 9090 },
            { name: 'https', port: 443 },
          ],
        },
      },
      svc,
    );
    expect((patched.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'http', port: 80, targetPort: 9090 },
      { name: 'https', port: 443 },
    ]);
  });

  it('replaces lists without a merge key and deletes fields with null', () => {
    const out = smp({
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'app', args: ['--c'] }], volumes: null } } },
    });
    expect(containers(out)[0]?.args).toEqual(['--c']);
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(spec(out).template.spec).not.toHaveProperty('volumes');
  });

  it('replaces a whole list or map with $patch: replace', () => {
    const out = smp({
      spec: {
        template: { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 'x' }] } },
        selector: { $patch: 'replace', matchLabels: { app: 'other' } },
      },
    });
    expect(containers(out)).toEqual([{ name: 'solo', image: 'x' }]);
    expect((out.spec as Record<string, unknown>).selector).toEqual({ matchLabels: { app: 'other' } });
  });

  it('deletes a map with $patch: delete', () => {
    const out = smp({ spec: { strategy: { rollingUpdate: { $patch: 'delete' } } } });
    expect((out.spec as { strategy: unknown }).strategy).toEqual({ type: 'RollingUpdate' });
  });

  it('honours $retainKeys and strips $setElementOrder', () => {
    const out = smp({
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
            containers: [{ name: 'app', image: 'nginx:2' }],
          },
        },
      },
    });
    expect((out.spec as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
    expect(spec(out).template.spec).not.toHaveProperty('$setElementOrder/containers');
    expect(JSON.stringify(out)).not.toContain('$');
  });

  it('merges finalizers as a set and supports $deleteFromPrimitiveList', () => {
    expect(smp({ metadata: { finalizers: ['b', 'a'] } }).metadata.finalizers).toEqual(['a', 'b']);
    expect(smp({ metadata: { finalizers: [] } }).metadata.finalizers).toEqual(['a']);
    expect(smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual(
      [],
    );
  });

  it('strips directives from newly added items', () => {
    const out = smp(
      podSpec({
        containers: [{ name: 'new', $patch: 'merge', env: [{ name: 'X', value: '1', $patch: 'merge' }] }],
      }),
    );
    expect(containers(out)[2]).toEqual({ name: 'new', env: [{ name: 'X', value: '1' }] });
  });

  it('rejects keyed items without their merge key with 422', () => {
    const error = patchError(() => smp(podSpec({ containers: [{ image: 'nginx' }] })));
    expect(error.status).toBe(422);
    expect(error.message).toBe('map: {"image":"nginx"} does not contain declared merge key: name');
  });

  it('rejects unknown $patch values and non-object bodies with 400', () => {
    expect(patchError(() => smp({ spec: { $patch: 'frobnicate' } })).status).toBe(400);
    expect(patchError(() => smp([{ op: 'add' }])).status).toBe(400);
  });

  it('refuses to delete the object itself', () => {
    expect(patchError(() => smp({ $patch: 'delete' })).status).toBe(422);
  });
});
