import type { BuildResult } from 'esbuild';

/** The executable's entry point (`src/main.ts`). */
export declare const EXECUTABLE_ENTRY: string;

/** The bundle's file name inside the output directory. */
export declare const EXECUTABLE_FILE: string;

/** Bundles the `flotilla` executable into `outdir/flotilla.cjs`. */
export declare function buildExecutable(outdir: string): Promise<BuildResult<{ metafile: true }>>;
