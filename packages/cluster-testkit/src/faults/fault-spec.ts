import type { SimulatedCluster } from '../simulated-cluster';

/** The fault names the command line and control port understand. */
export const FAULT_SPECS = [
  'hang',
  'unauthorized',
  'forbidden',
  'refused',
  'slow:MS',
  'flaky:RATE',
  'throttle:SECONDS',
  'cut-watches',
  'expire',
  'malformed:RATE',
  'trickle:BYTES_PER_SECOND',
  'flap:MS',
] as const;

/** A fault spec that does not parse (unknown name or a bad argument). */
export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

function numberArg(
  spec: string,
  value: string | undefined,
  { min, max }: { min: number; max?: number },
): number {
  const n = Number(value);
  if (
    value === undefined ||
    value === '' ||
    !Number.isFinite(n) ||
    n < min ||
    (max !== undefined && n > max)
  ) {
    const range = max !== undefined ? `between ${min} and ${max}` : `>= ${min}`;
    throw new FaultSpecError(`fault "${spec}": expected a number ${range} after ':'`);
  }
  return n;
}

/**
 * Applies a fault given as text (`hang`, `slow:200`, `flaky:0.3` …) to a cluster, as `user`
 * for the credential faults. Throws FaultSpecError for an unknown or malformed spec.
 */
export async function applyFaultSpec(cluster: SimulatedCluster, spec: string, user = 'admin'): Promise<void> {
  const [name = '', value] = spec.split(':', 2);
  const faults = cluster.faults;
  switch (name) {
    case 'hang':
      return faults.hang();
    case 'unauthorized':
      return faults.revokeToken(user);
    case 'forbidden':
      return faults.forbid(user, { verbs: ['*'], resources: ['*'] });
    case 'refused':
      return faults.refuse();
    case 'slow':
      return faults.latency(numberArg(spec, value, { min: 0 }));
    case 'flaky':
      return faults.errorRate(numberArg(spec, value, { min: 0, max: 1 }), 503);
    case 'throttle':
      return faults.throttle(numberArg(spec, value ?? '1', { min: 1 }));
    case 'cut-watches':
      faults.cutWatches();
      return;
    case 'expire':
      return faults.expireResourceVersions();
    case 'malformed':
      return faults.malformedBody(numberArg(spec, value ?? '1', { min: 0, max: 1 }));
    case 'trickle':
      return faults.trickle(numberArg(spec, value, { min: 1 }));
    case 'flap':
      return faults.flapReadyz(numberArg(spec, value, { min: 1 }));
    default:
      throw new FaultSpecError(`unknown fault "${spec}"; expected one of: ${FAULT_SPECS.join(', ')}`);
  }
}
