import { Command, Option } from 'commander';
import type { CliIO } from './cli-io';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { CLI_VERSION } from './version';
import type { CompareOptions } from './commands/compare/compare-command';
import type { ExportOptions } from './commands/export/export-command';
import type { GetOptions } from './commands/get/get-command';
import type { WatchOptions } from './commands/watch/watch-command';
import { commonOptions, type CommonOptions, type RawGlobalOptions } from './options/common-options';
import {
  COMPARE_FORMATS,
  CONTEXTS_FORMATS,
  EXPORT_FORMATS,
  GET_FORMATS,
  STATUS_FORMATS,
  WATCH_FORMATS,
  type ContextsFormat,
  type StatusFormat,
} from './options/formats';

/** Runs a command's action and reports its exit code. */
export type ActionRunner = (
  action: (common: CommonOptions) => Promise<ExitCode>,
  command: Command,
) => Promise<void>;

const EXIT_CODE_HELP = `
Exit codes:
  0  every targeted cluster answered
  1  unexpected error
  2  usage error (bad flag or argument, unknown cluster or group); no cluster was contacted
  3  partial: some clusters answered, some failed (each failure is on stderr)
  4  no targeted cluster answered`;

const outputOption = (formats: readonly string[], fallback: string): Option =>
  new Option('-o, --output <format>', `output format: ${formats.join('|')}`)
    .choices(formats)
    .default(fallback);

function namespaceOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '-n, --namespace <namespace>',
        "namespace (default: each context's namespace, else default)",
      ),
    )
    .addOption(new Option('-A, --all-namespaces', 'every namespace').conflicts('namespace'));
}

/**
 * The `flotilla` command tree. Command implementations are imported only when their command runs,
 * so `--help` and every command load only what they use.
 */
export function buildProgram(io: CliIO, run: ActionRunner): Command {
  const program = new Command('flotilla');
  program
    .description('Work with every cluster of your kubeconfig at once; each cluster fails alone.')
    .version(CLI_VERSION, '--version', 'print the flotilla version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addOption(
      new Option(
        '--kubeconfig <paths>',
        'kubeconfig files, separated like KUBECONFIG (default: $KUBECONFIG or ~/.kube/config)',
      ),
    )
    .addOption(
      new Option('--context <name>', 'only this context (name or id)').conflicts(['clusters', 'group']),
    )
    .addOption(
      new Option(
        '--clusters <names>',
        'only these contexts: comma-separated names, ids or globs (prod-*)',
      ).conflicts('group'),
    )
    .addOption(
      new Option('--group <group>', 'only the clusters filed under this group in Flotilla preferences'),
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        'deadline per cluster, e.g. 500ms, 5s, 1m (default: 5s for status, 30s otherwise)',
      ),
    )
    .addOption(
      new Option('--concurrency <n>', 'clusters worked on at once (default: 16; status probes all at once)'),
    )
    .addOption(new Option('--no-color', 'no colours (also NO_COLOR)'))
    .addHelpText('after', EXIT_CODE_HELP);

  program
    .command('status')
    .description('connection, auth, health, version, platform, nodes and latency of every cluster')
    .addOption(outputOption(STATUS_FORMATS, 'table'))
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla status\n  flotilla status --clusters prod-* --timeout 2s -o json',
    )
    .action((options: { output: StatusFormat }, command: Command) =>
      run(async (common) => {
        const { statusCommand } = await import('./commands/status/status-command');
        return statusCommand(common, options.output, io);
      }, command),
    );

  namespaceOptions(
    program
      .command('get')
      .description('list or get objects of one kind in every cluster (CLUSTER column first)')
      .argument(
        '<kind>',
        'resource type: pods, po, deploy, nodes, deployments.apps, crontabs.stable.example.com …',
      )
      .argument('[name]', 'one object by name'),
  )
    .addOption(new Option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db'))
    .addOption(new Option('--field-selector <selector>', 'field selector, e.g. status.phase=Running'))
    .addOption(outputOption(GET_FORMATS, 'table'))
    .addHelpText(
      'after',
      "\nExamples:\n  flotilla get pods -A\n  flotilla get deploy -n web -l tier=api --clusters prod-*\n  flotilla get nodes -o wide\n  flotilla get pods -A -o json | jq '.items[] | [.clusterName, .object.metadata.name]'" +
        EXIT_CODE_HELP,
    )
    .action(
      (
        kind: string,
        name: string | undefined,
        options: Omit<GetOptions, 'kind' | 'name'>,
        command: Command,
      ) =>
        run(async (common) => {
          const { getCommand } = await import('./commands/get/get-command');
          return getCommand(common, { ...options, kind, name }, io);
        }, command),
    );

  program
    .command('compare')
    .description('diff one object across clusters, ignoring server-managed fields')
    .argument('<kind>', 'resource type')
    .argument('<name>', 'object name')
    .addOption(
      new Option('-n, --namespace <namespace>', "namespace (default: the contexts' namespace, else default)"),
    )
    .addOption(outputOption(COMPARE_FORMATS, 'table'))
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla compare deploy api -n web\n  flotilla compare configmap settings -n web -o json',
    )
    .action((kind: string, name: string, options: Omit<CompareOptions, 'kind' | 'name'>, command: Command) =>
      run(async (common) => {
        const { compareCommand } = await import('./commands/compare/compare-command');
        return compareCommand(common, { ...options, kind, name }, io);
      }, command),
    );

  program
    .command('export')
    .description('a fleet report: health of every cluster and its resources, one section per cluster')
    .addOption(
      new Option(
        '--format <format>',
        'report format: csv|json|md|html (default: from the file name, else md)',
      ).choices(EXPORT_FORMATS),
    )
    .addOption(
      new Option(
        '--kind <kind...>',
        'resource types to include (repeatable; default: nodes, deployments, pods)',
      ),
    )
    .addOption(new Option('-o, --output <file>', 'write to this file (0600, atomically) instead of stdout'))
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla export --format md -o fleet.md\n  flotilla export --format csv --kind pods --kind services -o fleet.csv',
    )
    .action((options: ExportOptions, command: Command) =>
      run(async (common) => {
        const { exportCommand } = await import('./commands/export/export-command');
        return exportCommand(common, options, io);
      }, command),
    );

  namespaceOptions(
    program
      .command('watch')
      .description('stream changes of one kind across clusters until interrupted (Ctrl+C)')
      .argument('<kind>', 'resource type'),
  )
    .addOption(new Option('-l, --selector <selector>', 'label selector'))
    .addOption(outputOption(WATCH_FORMATS, 'table'))
    .addHelpText('after', '\nExamples:\n  flotilla watch pods -A\n  flotilla watch deploy -n web -o json')
    .action((kind: string, options: Omit<WatchOptions, 'kind'>, command: Command) =>
      run(async (common) => {
        const { watchCommand } = await import('./commands/watch/watch-command');
        return watchCommand(common, { ...options, kind }, io);
      }, command),
    );

  program
    .command('contexts')
    .description('the clusters found in the kubeconfig files, with configuration errors per context')
    .addOption(outputOption(CONTEXTS_FORMATS, 'table'))
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla contexts\n  flotilla contexts --kubeconfig ~/.kube/config:~/.kube/lab.yaml -o json',
    )
    .action((options: { output: ContextsFormat }, command: Command) =>
      run(async (common) => {
        const { contextsCommand } = await import('./commands/contexts/contexts-command');
        return contextsCommand(common, options.output, io);
      }, command),
    );

  return program;
}

/** Validates the global flags of a command's run (a bad `--timeout` is a usage error). */
export function globalOptions(command: Command, io: CliIO): CommonOptions {
  return commonOptions(command.optsWithGlobals<RawGlobalOptions>(), io);
}

export { EXIT_CODES };
