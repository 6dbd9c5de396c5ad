/**
 * build/electron-builder.yml cannot be run here (no Electron download), so it is checked against
 * electron-builder's own loader and JSON schema, and for the settings the app depends on.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: unknown[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  mac?: { target?: Array<{ target: string }> };
  win?: { target?: Array<{ target: string }> };
  linux?: { target?: Array<{ target: string }>; desktop?: { entry?: Record<string, string> } };
  nsis?: { deleteAppDataOnUninstall?: boolean };
}

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

async function loadConfig(): Promise<{ config: BuilderConfig; validate: (config: BuilderConfig) => Promise<void> }> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(REPO, path.join(REPO, 'build/electron-builder.yml'), null);
  return { config, validate: (candidate) => validateConfiguration(candidate, new DebugLogger(false)) };
}

describe('build/electron-builder.yml', () => {
  it('is valid for electron-builder 26', async () => {
    const { config, validate } = await loadConfig();
    await expect(validate(config)).resolves.toBeUndefined();
    // The validator is not a rubber stamp:
    await expect(validate({ ...config, electronFuses: { runAsNod: false } })).rejects.toThrow(/electronFuses/);
  });

  it('builds AppImage, NSIS and DMG for Community Desk / 社群工作台', async () => {
    const { config } = await loadConfig();
    expect(config.appId).toMatch(/^[a-z0-9.]+$/);
    expect(config.productName).toBe('Community Desk');
    expect(config.linux?.target?.map((target) => target.target)).toEqual(['AppImage']);
    expect(config.win?.target?.map((target) => target.target)).toEqual(['nsis']);
    expect(config.mac?.target?.map((target) => target.target)).toEqual(['dmg']);
    expect(config.linux?.desktop?.entry?.['Name[zh_CN]']).toBe('社群工作台');
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('packs the bundles and the renderer, unpacks better-sqlite3 and does not rebuild it', async () => {
    const { config } = await loadConfig();
    // The loader folds plain patterns into one { filter } file set.
    const patterns = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : ((entry as { filter?: string[] }).filter ?? [])));
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'dist/renderer/**/*', 'dist-electron/**/*']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*']);
    expect(config.npmRebuild).toBe(false);
  });

  it('sets the fuses that harden a packaged app', async () => {
    const { config } = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
