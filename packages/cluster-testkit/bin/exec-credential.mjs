#!/usr/bin/env node
// A client-go exec credential plugin for simulated fleets. It prints an ExecCredential for the
// cluster named by --cluster, read from the fleet's state file, and can be told to fail or hang.
// Usage: exec-credential.mjs --state <file> --cluster <name>
import { appendFileSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const arg = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const statePath = arg('state');
const cluster = arg('cluster');
if (!statePath || !cluster) {
  process.stderr.write('usage: exec-credential.mjs --state <file> --cluster <name>\n');
  process.exit(2);
}

let state;
try {
  state = JSON.parse(readFileSync(statePath, 'utf8'));
} catch (error) {
  process.stderr.write(`exec-credential: cannot read state file: ${error.message}\n`);
  process.exit(1);
}
// One line per invocation lets tests count plugin runs (single-flight, caching).
appendFileSync(`${statePath}.calls`, `${cluster} ${Date.now()}\n`, { mode: 0o600 });

const mode = state.modes?.[cluster] ?? 'ok';
if (mode === 'fail') {
  process.stderr.write(`exec-credential: login for ${cluster} failed (simulated)\n`);
  process.exit(1);
}
if (mode === 'hang') {
  setInterval(() => undefined, 1 << 30);
} else {
  const token = state.tokens?.[cluster];
  if (!token) {
    process.stderr.write(`exec-credential: no credential for cluster ${cluster}\n`);
    process.exit(1);
  }
  const expiry = new Date(Date.now() + (state.expirySeconds ?? 3600) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  process.stdout.write(
    JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token, expirationTimestamp: expiry },
    }),
  );
}
