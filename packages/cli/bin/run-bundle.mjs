// Runs the bundled executable (a CommonJS file) with V8's compiled code cached between runs: compiling
// a megabyte of JavaScript is a large share of a cold start, and the cache is read back in a few
// milliseconds. Node 22.1+ does this itself (module.enableCompileCache); on Node 20 the bundle is
// compiled through vm.Script with the cached data V8 produced after a previous run.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Where compiled code is cached for this user: a private directory, or null if there is none. */
export function userCacheDir() {
  const env = process.env;
  const base =
    (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) && env.XDG_CACHE_HOME) ||
    (process.platform === 'win32' && env.LOCALAPPDATA) ||
    (homedir() ? path.join(homedir(), '.cache') : tmpdir());
  return privateDir(path.join(base, 'flotilla', 'compile-cache'));
}

/** `dir`, created only its owner can use; null when that is not possible or it is shared. */
export function privateDir(dir) {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    // Code read from a directory others may write to could be theirs: use only our own, private one.
    const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    return ours && (process.platform === 'win32' || (stat.mode & 0o077) === 0) ? dir : null;
  } catch {
    return null;
  }
}

/** Runs `file` as the main program; `cacheDir` null runs it without a compile cache. */
export function runBundle(file, cacheDir) {
  if (typeof Module.enableCompileCache === 'function') {
    if (cacheDir) Module.enableCompileCache(cacheDir);
    createRequire(import.meta.url)(file);
    return;
  }
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir
    ? path.join(cacheDir, `${cacheKey(file, source)}-${commandOf(process.argv)}.v8`)
    : null;
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
      ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
      : {}),
  });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // After the run, so the functions it compiled on the way are in the cache too.
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

/**
 * The cache holds what a run compiled, and each command compiles different code (`status` its
 * probes, `get` its printers): one cache per command keeps every command's start fast.
 */
function commandOf(argv) {
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return command && /^[a-z]{1,16}$/.test(command) ? command : 'none';
}

// V8 checks a cache against the source's length only, so the key covers the content itself.
function cacheKey(file, source) {
  return createHash('sha256')
    .update(`${file}\0${process.version}\0${process.arch}\0`)
    .update(source)
    .digest('hex')
    .slice(0, 32);
}

/** Cache files kept per directory: one per command of the current build, and a few older ones. */
const KEEP = 12;

function writeCache(cacheFile, script) {
  const temp = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
    const dir = path.dirname(cacheFile);
    const old = readdirSync(dir)
      .filter((name) => name.endsWith('.v8'))
      .map((name) => ({ name, mtime: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(KEEP);
    for (const { name } of old) rmSync(path.join(dir, name), { force: true });
  } catch {
    // A cache that cannot be written costs the next start some milliseconds, nothing more.
  }
}
