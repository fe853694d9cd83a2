import { run } from './run';

// A reader that went away (`flotilla get pods -A | head`) is not an error: stop quietly, as kubectl does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

// The exit code is set, not forced: process.exit() could cut off output still queued for a pipe.
// No top-level await: the executable is a CommonJS bundle, whose compiled code can be cached.
void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
