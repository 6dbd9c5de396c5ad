/**
 * Bundles the Electron side with esbuild (`npm run build:electron`):
 *   electron/main/index.ts    → dist-electron/main.cjs         (main process)
 *   electron/preload/index.ts → dist-electron/preload.cjs      (sandboxed preload: one file, only "electron" required)
 *   electron/host/worker.ts   → dist-electron/host-worker.cjs  (service host worker thread)
 *   electron/services/member-io/reader-thread/reader-worker.ts → dist-electron/import-reader.cjs
 *                             (an import's file reader thread, started by the host; found beside it)
 *   electron/db/checkpoint/checkpoint-worker.ts → dist-electron/wal-checkpointer.cjs
 *                             (the open workspace's WAL checkpoints, a thread started by the host)
 * "electron" is provided by the runtime and better-sqlite3 is native (loaded from node_modules,
 * unpacked from app.asar); everything else is inlined, so the package needs no other node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Electron 45 ships Node 22 and Chromium 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

export interface BundleEntry {
  name: 'main' | 'preload' | 'host-worker' | 'import-reader' | 'wal-checkpointer';
  entry: string;
  outFile: string;
}

export const ENTRIES: readonly BundleEntry[] = [
  { name: 'main', entry: 'electron/main/index.ts', outFile: 'main.cjs' },
  { name: 'preload', entry: 'electron/preload/index.ts', outFile: 'preload.cjs' },
  { name: 'host-worker', entry: 'electron/host/worker.ts', outFile: 'host-worker.cjs' },
  { name: 'import-reader', entry: 'electron/services/member-io/reader-thread/reader-worker.ts', outFile: 'import-reader.cjs' },
  { name: 'wal-checkpointer', entry: 'electron/db/checkpoint/checkpoint-worker.ts', outFile: 'wal-checkpointer.cjs' },
];

export interface BundleResult {
  outDir: string;
  files: Record<BundleEntry['name'], string>;
  /** Source files (relative to the repository) that went into each bundle. */
  inputs: Record<BundleEntry['name'], string[]>;
}

/**
 * CommonJS has no import.meta; these stand in for it (the host client computes its default worker
 * URL from import.meta.url, main finds its files from import.meta.dirname).
 */
const IMPORT_META_SHIM = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

function optionsFor(entry: BundleEntry, outDir: string, minify: boolean): BuildOptions {
  const common: BuildOptions = {
    absWorkingDir: ROOT,
    entryPoints: [entry.entry],
    outfile: path.join(outDir, entry.outFile),
    bundle: true,
    format: 'cjs',
    sourcemap: 'linked',
    minify,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'linked',
  };
  if (entry.name === 'preload') {
    // Sandboxed preloads run in a renderer: browser platform, so a stray Node import fails the build.
    return { ...common, platform: 'browser', target: CHROME_TARGET, external: ['electron'] };
  }
  return {
    ...common,
    platform: 'node',
    target: NODE_TARGET,
    external: ['electron', 'better-sqlite3'],
    banner: { js: IMPORT_META_SHIM },
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  };
}

function inputsOf(metafile: Metafile | undefined): string[] {
  return Object.keys(metafile?.inputs ?? {}).sort();
}

export async function bundleElectron(options: { outDir?: string; minify?: boolean } = {}): Promise<BundleResult> {
  const outDir = path.resolve(ROOT, options.outDir ?? 'dist-electron');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const results = await Promise.all(ENTRIES.map((entry) => build(optionsFor(entry, outDir, options.minify ?? false))));
  const files = {} as BundleResult['files'];
  const inputs = {} as BundleResult['inputs'];
  ENTRIES.forEach((entry, index) => {
    files[entry.name] = path.join(outDir, entry.outFile);
    inputs[entry.name] = inputsOf(results[index]?.metafile);
  });
  return { outDir, files, inputs };
}

if (import.meta.main) {
  const started = Date.now();
  const result = await bundleElectron({ minify: process.argv.includes('--minify') });
  for (const entry of ENTRIES) {
    const file = result.files[entry.name];
    const kib = (fs.statSync(file).size / 1024).toFixed(0);
    process.stdout.write(`${path.relative(ROOT, file)}  ${kib} KiB  (${result.inputs[entry.name].length} inputs)\n`);
  }
  process.stdout.write(`bundled in ${Date.now() - started} ms\n`);
}
