/**
 * `npm run demo`: starts a simulated fleet of five clusters (one OpenShift-flavoured, one whose
 * context authenticates through the exec credential plugin, light pod churn everywhere) and prints
 * how to use it with kubectl and `npm run sim -- fault|heal`. Stop with Ctrl+C.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '@flotilla/cluster-testkit/cli';

const kubeconfig = join(tmpdir(), 'flotilla-demo', 'kubeconfig');
const stopped = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

const code = await main(
  [
    'up',
    '--clusters',
    '5',
    '--pods-per-cluster',
    '60',
    '--openshift',
    'sim-2',
    '--exec',
    'sim-3',
    '--churn',
    '1',
    '--kubeconfig',
    kubeconfig,
    ...process.argv.slice(2),
  ],
  {
    out: (text) => {
      process.stdout.write(text);
      if (text.startsWith('Press Ctrl+C')) {
        process.stdout.write(
          `\nBreak one cluster and watch the others keep serving:\n` +
            `  npm run sim -- fault sim-4 hang --kubeconfig ${kubeconfig}\n` +
            `  kubectl --kubeconfig ${kubeconfig} --context sim-1 get pods -A   # still answers\n` +
            `  npm run sim -- heal sim-4 --kubeconfig ${kubeconfig}\n`,
        );
      }
    },
    err: (text) => process.stderr.write(text),
    untilStopped: () => stopped,
  },
);
process.exit(code);
