import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's Vite project (index.html, src/). */
export const CONSOLE_ROOT = fileURLToPath(new URL('../../console', import.meta.url));

const CONDITIONS = ['@flotilla/source', 'module', 'browser', 'development|production'];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves a built console (or, in dev mode, hands requests to Vite). */
export interface ConsoleAssets {
  handle(url: string, res: ServerResponse, next: () => void): void;
  close(): Promise<void>;
}

/**
 * Builds the console with Vite into `outDir` and serves the files. A production build (a few
 * seconds) rather than the dev server keeps page loads deterministic: no dependency
 * re-optimisation reloads in the middle of a browser test.
 */
export async function buildConsole(outDir: string): Promise<ConsoleAssets> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({
    root: CONSOLE_ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { conditions: CONDITIONS },
    build: { outDir, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2048 },
  });
  return {
    handle(url, res, next) {
      const path = decodeURIComponent(new URL(url, 'http://x').pathname);
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir + sep)) return next();
      readFile(file)
        .catch(() => (extname(path) ? null : readFile(join(outDir, 'index.html'))))
        .then((body) => {
          if (!body) return next();
          const type = MIME[extname(file)] ?? (extname(path) ? 'application/octet-stream' : MIME['.html']);
          res.writeHead(200, { 'content-type': type as string, 'cache-control': 'no-store' });
          res.end(body);
        })
        .catch(() => next());
    },
    close: async () => {},
  };
}

/** Vite's dev server in middleware mode, for working on the console itself (`--dev`). */
export async function devConsole(): Promise<ConsoleAssets> {
  const { createServer } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const vite = await createServer({
    root: CONSOLE_ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { conditions: CONDITIONS },
    appType: 'spa',
    server: { middlewareMode: true, hmr: false },
  });
  return {
    handle: (url, res, next) => {
      const req = (res as ServerResponse & { req: Parameters<typeof vite.middlewares>[0] }).req;
      req.url = url;
      vite.middlewares(req, res, next);
    },
    close: () => vite.close(),
  };
}
