import { run } from './run';

// The exit code is set, not forced: process.exit() could cut off output still queued for a pipe.
process.exitCode = await run(process.argv.slice(2));
