import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { FlotillaError } from '../errors';
import { Heartbeat, type HeartbeatResult } from '../heartbeat';

const notFound = () => new FlotillaError({ kind: 'not-found', clusterId: 'c', message: 'nope', status: 404 });
const timeout = () => new FlotillaError({ kind: 'timeout', clusterId: 'c', message: 'deadline' });

function setup(
  respond: (path: string) => void,
  options: { skip?: () => boolean; healthyThreshold?: number; degradedThreshold?: number } = {},
) {
  const clock = new ManualClock(1_000_000);
  const paths: string[] = [];
  const results: Array<{ result: HeartbeatResult; health: string | null }> = [];
  const heartbeat = new Heartbeat(
    {
      clock,
      random: () => 0.5,
      shouldSkip: options.skip ?? (() => false),
      probe: async (path) => {
        paths.push(path);
        respond(path);
      },
      onResult: (result, health) => results.push({ result, health }),
    },
    { intervalMs: 5000, jitter: 0.1, ...options },
  );
  return { clock, paths, results, heartbeat };
}

describe('Heartbeat', () => {
  it('probes /readyz every interval and reports healthy', async () => {
    const { clock, paths, results, heartbeat } = setup(() => undefined);
    heartbeat.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(5000);
    await clock.advanceAsync(5000);
    expect(paths).toEqual(['/readyz', '/readyz', '/readyz']);
    expect(results.map((r) => r.health)).toEqual(['healthy', 'healthy', 'healthy']);
    heartbeat.stop();
  });

  it('falls back to /livez, then /healthz on 404, and remembers what worked', async () => {
    const { clock, paths, results, heartbeat } = setup((path) => {
      if (path !== '/healthz') throw notFound();
    });
    heartbeat.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(5000);
    expect(paths).toEqual(['/readyz', '/livez', '/healthz', '/healthz']);
    expect(results.every((r) => r.result.ok && r.result.endpoint === '/healthz')).toBe(true);
    heartbeat.stop();
  });

  it('flips only after the configured number of consecutive results', async () => {
    let failing = true;
    const { clock, results, heartbeat } = setup(
      () => {
        if (failing) throw timeout();
      },
      { degradedThreshold: 2, healthyThreshold: 2 },
    );
    heartbeat.start();
    await clock.advanceAsync(0);
    expect(results.at(-1)?.health).toBeNull();
    await clock.advanceAsync(5000);
    expect(results.at(-1)?.health).toBe('degraded');
    failing = false;
    await clock.advanceAsync(5000);
    expect(results.at(-1)?.health).toBe('degraded');
    await clock.advanceAsync(5000);
    expect(results.at(-1)?.health).toBe('healthy');
    heartbeat.stop();
  });

  it('skips ticks while told to (auth invalid)', async () => {
    let skip = true;
    const { clock, paths, heartbeat } = setup(() => undefined, { skip: () => skip });
    heartbeat.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(5000);
    expect(paths).toEqual([]);
    skip = false;
    await clock.advanceAsync(5000);
    expect(paths).toEqual(['/readyz']);
    heartbeat.stop();
  });
});
