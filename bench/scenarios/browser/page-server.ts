import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's Vite project (index.html, main.tsx and the components it renders). */
const PAGE_ROOT = fileURLToPath(new URL('./page', import.meta.url));

/** Our packages from source, React in its production build. */
const CONDITIONS = ['@flotilla/source', 'module', 'browser', 'development|production'];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface PageServer {
  url: string;
  /** Bytes of the built JavaScript and CSS. */
  bundleBytes: number;
  buildMs: number;
  close(): Promise<void>;
}

/** Builds the benchmark page with Vite in production mode into `outDir` and serves it on loopback. */
export async function servePage(outDir: string): Promise<PageServer> {
  const started = performance.now();
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const output = await build({
    root: PAGE_ROOT,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [react()],
    resolve: { conditions: CONDITIONS },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  });
  const buildMs = performance.now() - started;
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const bundleBytes = chunks.reduce(
    (sum, chunk) => sum + (chunk.type === 'chunk' ? chunk.code.length : chunk.source.length),
    0,
  );

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(outDir + sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    bundleBytes,
    buildMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
