import { FlotillaError } from '../errors';

/**
 * Waits for shared work (a single-flight discovery read) without tying it to one caller: the
 * caller's abort ends only its own wait, and the work goes on for the others.
 */
export function waitFor<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  cluster: { clusterId: string; clusterName: string },
): Promise<T> {
  if (!signal) return work;
  const cancelled = () =>
    new FlotillaError({ ...cluster, kind: 'cancelled', message: 'cancelled while waiting' });
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
