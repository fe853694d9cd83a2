import type { BuildResult } from 'esbuild';

/** The executable's entry point (`src/main.ts`). */
export declare const EXECUTABLE_ENTRY: string;

/** Bundles the `flotilla` executable into `outdir` (`flotilla.js` plus `chunks/`). */
export declare function buildExecutable(outdir: string): Promise<BuildResult<{ metafile: true }>>;
