import { useCallback, useState } from 'react';
import { useActiveClusterId, useSetActiveCluster } from '../hooks/use-active-cluster';

export interface ClusterSelectionProps {
  /** The selected cluster id (controlled). */
  value?: string | null;
  /** The initially selected cluster id (uncontrolled). */
  defaultValue?: string | null;
  /** Called with the id the user chose. */
  onValueChange?: (clusterId: string) => void;
}

/**
 * Which cluster a picker shows as selected, and how choosing one takes effect: controlled through
 * `value`, uncontrolled from `defaultValue`, or — with neither — bound to the fleet's active
 * cluster, so a bare `<ClusterSwitcher />` switches the console. Nothing is ever chosen without the
 * user: focus moves freely, selection needs a click, Enter or Space (BRIEF I7).
 */
export function useClusterSelection({
  value,
  defaultValue,
  onValueChange,
}: ClusterSelectionProps): [string | null, (clusterId: string) => void] {
  const [mode] = useState(() =>
    value !== undefined ? 'controlled' : defaultValue !== undefined ? 'uncontrolled' : 'fleet',
  );
  const [own, setOwn] = useState<string | null>(defaultValue ?? null);
  const active = useActiveClusterId();
  const setActive = useSetActiveCluster();
  const selected = mode === 'controlled' ? (value ?? null) : mode === 'uncontrolled' ? own : active;
  const select = useCallback(
    (clusterId: string) => {
      if (mode === 'uncontrolled') setOwn(clusterId);
      // A cluster removed in the meantime rejects; the fleet snapshot then shows what is true.
      if (mode === 'fleet') setActive(clusterId).catch(() => {});
      onValueChange?.(clusterId);
    },
    [mode, setActive, onValueChange],
  );
  return [selected, select];
}
