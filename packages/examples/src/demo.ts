/**
 * `npm run demo`: a simulated fleet of five clusters (one OpenShift-flavoured, one authenticating
 * through an exec credential plugin, light pod churn), a ClusterManager over its kubeconfig, the
 * browser bridge and the demo console, on one loopback port. `--kubeconfig [PATH]` manages real
 * clusters instead (PATH, else $KUBECONFIG, else ~/.kube/config), connecting each when selected.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from './demo/start-demo';

const USAGE = `usage: npm run demo -- [--kubeconfig [PATH]] [--port N] [--clusters N] [--dev]

  --kubeconfig [PATH]  manage real clusters (PATH, else $KUBECONFIG, else ~/.kube/config)
  --port N             port of the console (default 7070; 0 picks a free one)
  --clusters N         size of the simulated fleet (default 5)
  --dev                serve the console through Vite's dev server (for working on it)`;

function parse(argv: readonly string[]) {
  const options: { kubeconfig?: string; port?: number; clusters?: number; dev?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      i++;
      return next;
    };
    const number = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} takes a whole number, got "${text}"`);
      return n;
    };
    if (arg === '--kubeconfig') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) options.kubeconfig = value();
      else options.kubeconfig = process.env['KUBECONFIG'] || join(homedir(), '.kube', 'config');
    } else if (arg === '--port') options.port = number(value());
    else if (arg === '--clusters') options.clusters = number(value());
    else if (arg === '--dev') options.dev = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown flag ${arg}`);
  }
  return options;
}

let options: ReturnType<typeof parse>;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const started = Date.now();
console.log(
  options.kubeconfig ? `Loading ${options.kubeconfig} …` : 'Starting a simulated fleet of clusters …',
);
const demo = await startDemo({ ...options, log: (line) => console.error(line) });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\nFlotilla demo console (ready in ${seconds} s); open this address, it carries the access token:\n\n  ${demo.consoleUrl}\n`,
);
for (const session of demo.manager.list())
  console.log(`  ${session.clusterName.padEnd(12)} ${session.clusterId}`);
if (demo.simulated) {
  console.log(
    `\nOpen the Chaos tab to break one cluster (revoke its token, hang it, refuse connections …) and watch\n` +
      `the others keep serving. kubectl works against the same fleet:\n` +
      `  kubectl --kubeconfig ${demo.simulated.kubeconfigPath} --context sim-1 get pods -A\n`,
  );
}
console.log('Press Ctrl+C to stop.');

await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
await demo.close();
process.exit(0);
