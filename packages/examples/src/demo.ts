/**
 * `npm run demo`: a simulated fleet of five clusters (one OpenShift-flavoured, one authenticating
 * through an exec credential plugin, light pod churn), a ClusterManager over its kubeconfig, the
 * browser bridge and the demo console, on one loopback port. `--kubeconfig [PATH]` manages real
 * clusters instead (PATH, else $KUBECONFIG, else ~/.kube/config), connecting each when selected.
 */
import { DEMO_USAGE, DemoUsageError, parseDemoArgs, type DemoArgs } from './demo/demo-args';
import { startDemo } from './demo/start-demo';

let args: DemoArgs;
try {
  args = parseDemoArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof DemoUsageError)) throw error;
  console.error(`${error.message}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(DEMO_USAGE);
  process.exit(0);
}
const { help: _help, ...options } = args;

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
