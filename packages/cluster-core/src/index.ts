export { systemClock, defaultRandom, ManualClock, flushMicrotasks } from './clock';
export type { Clock, TimerHandle, RandomSource } from './clock';
export { createAbortError, abortReason, isAbortError } from './abort-error';
export { Subscribable } from './subscribable';
export { Backoff, DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export { TokenBucketRateLimiter, DEFAULT_RATE_LIMIT } from './rate-limiter';
export type { TokenBucketRateLimiterOptions } from './rate-limiter';
export { TransportFailureTracker, DEFAULT_TRANSPORT_FAILURE_POLICY } from './transport-failure-tracker';
export type {
  TransportFailureTrackerOptions,
  TransportFailureSnapshot,
  TransportRebuildInfo,
} from './transport-failure-tracker';
export { AuthRecoveryScheduler, DEFAULT_AUTH_RECOVERY } from './auth-recovery-scheduler';
export type {
  AuthFailureClass,
  AuthRecoveryFailure,
  AuthRecoveryProgress,
  AuthRecoverySchedulerOptions,
  AuthRecoverySnapshot,
  AuthRecoveryState,
  ProbeOutcome,
} from './auth-recovery-scheduler';
export { JitteredInterval } from './jittered-interval';
export type { JitteredIntervalOptions, TickLateness } from './jittered-interval';
