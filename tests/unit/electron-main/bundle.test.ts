/**
 * `npm run build:electron` output: the preload is one small file that requires nothing but
 * "electron"; main never loads SQLite; and the bundled service host worker runs under plain Node.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron, type BundleResult } from '../../../build/bundle-electron.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { groupFields } from '../../helpers/groups.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
// Inside the repository, so the bundles resolve better-sqlite3 from its node_modules as they do in the app.
const OUT = path.join(REPO, 'test-output', `electron-bundle-${process.pid}`);
let result: BundleResult;
let workDir: string;

beforeAll(async () => {
  result = await bundleElectron({ outDir: OUT });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-bundle-'));
}, 60_000);

afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.rmSync(workDir, { recursive: true, force: true });
});

const requiresOf = (file: string): string[] => [...new Set([...fs.readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? ''))].sort();

describe('the Electron bundles', () => {
  it('writes main.cjs, preload.cjs, host-worker.cjs, import-reader.cjs and wal-checkpointer.cjs', () => {
    expect(fs.readdirSync(OUT).filter((name) => name.endsWith('.cjs')).sort()).toEqual(['host-worker.cjs', 'import-reader.cjs', 'main.cjs', 'preload.cjs', 'wal-checkpointer.cjs']);
    const packageJson = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(packageJson.main).toBe('dist-electron/main.cjs');
  });

  it('makes the sandboxed preload one small file that requires only electron and carries no zod', () => {
    expect(requiresOf(result.files.preload)).toEqual(['electron']);
    expect(result.inputs.preload.some((input) => input.includes('node_modules'))).toBe(false);
    expect(fs.statSync(result.files.preload).size).toBeLessThan(16 * 1024);
  });

  it('keeps SQLite out of the main process', () => {
    const requires = requiresOf(result.files.main);
    expect(requires).toContain('electron');
    expect(requires).not.toContain('better-sqlite3');
    expect(result.inputs.main).not.toContain('electron/db/workspace.ts');
    expect(result.inputs.main.some((input) => input.includes('node_modules/better-sqlite3'))).toBe(false);
  });

  it('loads better-sqlite3 natively in the worker and inlines everything else', () => {
    // Node's own modules, with or without "node:" (ExcelJS and csv-parse ask for "fs", "zlib"...), are not packages.
    expect(requiresOf(result.files['host-worker']).filter((name) => !isBuiltin(name))).toEqual(['better-sqlite3']);
    expect(result.inputs['host-worker']).toContain('electron/host/worker.ts');
  });

  it('runs the bundled service host worker under plain Node: create a group, read it back', async () => {
    const workspacePath = path.join(workDir, 'bundled.sqlite');
    const host = await ServiceHostClient.start({
      workspacePath,
      create: true,
      isDefault: false,
      dailyBackup: false,
      workerUrl: pathToFileURL(result.files['host-worker']),
    });
    try {
      expect(host.initial).toMatchObject({ path: workspacePath, name: 'bundled' });
      const created = await host.call('groups.create', { fields: groupFields({ name: '打包测试群', platform: 'dingtalk', capacity: 300 }) });
      expect(created).toMatchObject({ ok: true, value: { name: '打包测试群', platform: 'dingtalk', capacity: 300 } });
      const listed = await host.call('groups.list', {});
      expect(listed.ok && listed.value.map((group) => group.name)).toEqual(['打包测试群']);
      const current = await host.call('workspace.current', {});
      expect(current.ok && current.value.counts.groups).toBe(1);
    } finally {
      await host.stop();
    }
  });

  it('keeps SQLite out of the import reader thread: it only reads files', () => {
    expect(requiresOf(result.files['import-reader']).filter((name) => !isBuiltin(name))).toEqual([]);
    expect(result.inputs['import-reader']).not.toContain('electron/db/workspace.ts');
  });

  it('gives the WAL checkpointer thread better-sqlite3 and nothing of the workspace code', () => {
    expect(requiresOf(result.files['wal-checkpointer']).filter((name) => !isBuiltin(name))).toEqual(['better-sqlite3']);
    expect(result.inputs['wal-checkpointer']).not.toContain('electron/db/workspace.ts');
  });

  it('imports a member list with the bundled host (the xlsx reader in its bundled thread, and the store)', async () => {
    const workspacePath = path.join(workDir, 'bundled-import.sqlite');
    const host = await ServiceHostClient.start({ workspacePath, create: true, isDefault: false, dailyBackup: false, workerUrl: pathToFileURL(result.files['host-worker']) });
    try {
      const roster = path.join(REPO, '..', 'shared', 'fixtures', 'roster_wps.xlsx');
      const imported = await host.call('importer.runCommit', { jobId: 'bundled-import', path: roster, settings: {}, policy: 'fill-empty' });
      expect(imported).toMatchObject({ ok: true, value: { created: 100 } });
    } finally {
      await host.stop();
    }
  });
});
