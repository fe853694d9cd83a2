import { describe, expect, it } from 'vitest';
import { DemoUsageError, parseDemoArgs } from '../demo/demo-args';

const HOME = '/home/someone';

describe('npm run demo flags', () => {
  it('runs the simulated fleet without flags, even when KUBECONFIG is set', () => {
    expect(parseDemoArgs([], { KUBECONFIG: '/etc/kube/prod.yaml' }, HOME)).toEqual({});
  });

  it('manages real clusters with --kubeconfig: the path given, else $KUBECONFIG, else ~/.kube/config', () => {
    expect(parseDemoArgs(['--kubeconfig', '/a.yaml:/b.yaml'], {}, HOME)).toEqual({
      kubeconfig: '/a.yaml:/b.yaml',
    });
    expect(parseDemoArgs(['--kubeconfig'], { KUBECONFIG: '/etc/kube/prod.yaml' }, HOME)).toEqual({
      kubeconfig: '/etc/kube/prod.yaml',
    });
    expect(parseDemoArgs(['--kubeconfig', '--port', '0'], { KUBECONFIG: '' }, HOME)).toEqual({
      kubeconfig: '/home/someone/.kube/config',
      port: 0,
    });
  });

  it('reads the port, the fleet size, --dev and --help', () => {
    expect(parseDemoArgs(['--port', '8080', '--clusters', '8', '--dev'], {}, HOME)).toEqual({
      port: 8080,
      clusters: 8,
      dev: true,
    });
    expect(parseDemoArgs(['-h'], {}, HOME)).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], 'unknown flag --bogus'],
    [['--port'], '--port needs a value'],
    [['--port', '--dev'], '--port needs a value'],
    [['--port', '70000'], '--port takes a whole number from 0 to 65535, got "70000"'],
    [['--port', 'http'], '--port takes a whole number from 0 to 65535, got "http"'],
    [['--clusters', '0'], '--clusters takes a whole number of at least 1, got "0"'],
    [['--clusters', '2.5'], '--clusters takes a whole number of at least 1, got "2.5"'],
    [['--kubeconfig', '/a.yaml', '--clusters', '3'], '--clusters sizes the simulated fleet'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseDemoArgs(argv, {}, HOME)).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(argv, {}, HOME)).toThrow(message);
  });
});
