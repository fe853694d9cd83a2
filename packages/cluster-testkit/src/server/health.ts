import type { FaultState } from '../faults/fault-state';

const CHECKS = [
  'ping',
  'log',
  'etcd',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'shutdown',
];

/** Whether /readyz currently fails under a flapping fault: alternating periods of ready and not ready. */
export function readyzFailing(faults: FaultState, now: number): boolean {
  const flap = faults.flapReadyz;
  if (!flap) return false;
  return Math.floor((now - flap.since) / flap.periodMs) % 2 === 1;
}

/** The body of /healthz, /livez or /readyz, plain or `?verbose`, as the apiserver writes them. */
export function healthBody(
  endpoint: 'healthz' | 'livez' | 'readyz',
  verbose: boolean,
  failing: boolean,
): { status: number; text: string } {
  if (!verbose)
    return failing
      ? { status: 500, text: '[-]etcd failed: reason withheld\nreadyz check failed\n' }
      : { status: 200, text: 'ok' };
  const lines = CHECKS.map((check) =>
    failing && check === 'etcd' ? `[-]${check} failed: reason withheld` : `[+]${check} ok`,
  );
  const verdict = failing ? `${endpoint} check failed` : `${endpoint} check passed`;
  return { status: failing ? 500 : 200, text: `${lines.join('\n')}\n${verdict}\n` };
}
