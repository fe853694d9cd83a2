import type { ComparisonQuery } from '@flotilla/cluster-core';
import { ClusterComparisonView } from '@flotilla/cluster-react';
import { useDeferredValue, useId, useMemo, useState } from 'react';

const KINDS = ['pods', 'deployments', 'nodes', 'services', 'configmaps'];

/** Distribution of a kind across clusters, version skew, and the diff of one named object. */
export function ComparePanel() {
  const [kind, setKind] = useState('deployments');
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState('');
  const deferredName = useDeferredValue(name.trim());
  const deferredNamespace = useDeferredValue(namespace.trim());
  const ids = { kind: useId(), name: useId(), namespace: useId() };
  const query = useMemo<ComparisonQuery>(
    () => ({
      kind,
      ...(deferredName ? { name: deferredName } : {}),
      ...(deferredNamespace ? { namespace: deferredNamespace } : {}),
    }),
    [kind, deferredName, deferredNamespace],
  );
  return (
    <div className="console-compare">
      <div className="console-filters" role="group" aria-label="What to compare">
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label htmlFor={ids.namespace}>Namespace</label>
        <input
          id={ids.namespace}
          type="text"
          placeholder="all namespaces"
          value={namespace}
          onChange={(event) => setNamespace(event.target.value)}
        />
        <label htmlFor={ids.name}>Object name</label>
        <input
          id={ids.name}
          type="text"
          placeholder="diff one object across clusters"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <ClusterComparisonView query={query} />
    </div>
  );
}
