/** The run-time faults of one simulated cluster. Plain data; the server consults it per request. */
export interface FaultState {
  hung: boolean;
  refused: boolean;
  latency?: { ms: number; jitterMs: number };
  errorRate?: { probability: number; status: 500 | 503 };
  throttle?: { retryAfterSeconds: number };
  malformedBody?: { probability: number };
  trickle?: { bytesPerSecond: number };
  flapReadyz?: { periodMs: number; since: number };
}

export const healthyState = (): FaultState => ({ hung: false, refused: false });

/** Names of the faults in effect, for tables and request logs. */
export function activeFaults(state: FaultState): string[] {
  const names: string[] = [];
  if (state.hung) names.push('hang');
  if (state.refused) names.push('refuse');
  if (state.latency) names.push(`latency:${state.latency.ms}`);
  if (state.errorRate) names.push(`errorRate:${state.errorRate.probability}:${state.errorRate.status}`);
  if (state.throttle) names.push(`throttle:${state.throttle.retryAfterSeconds}`);
  if (state.malformedBody) names.push(`malformedBody:${state.malformedBody.probability}`);
  if (state.trickle) names.push(`trickle:${state.trickle.bytesPerSecond}`);
  if (state.flapReadyz) names.push(`flapReadyz:${state.flapReadyz.periodMs}`);
  return names;
}
