/**
 * Every string the product shows goes through i18n: zh-CN is the source, English must be complete,
 * each area owns its own top-level keys, and the renderer only asks for keys that exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGES, messageKeys } from '../../shared/i18n/translate.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const I18N_DIR = path.join(REPO_ROOT, 'shared', 'i18n');
const RENDERER_DIR = path.join(REPO_ROOT, 'renderer');

const HAN = /\p{Script=Han}/u;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

function lookup(tree: object, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}

/** Each area file (shared/i18n/<language>/<area>.ts) exports one object named after the area. */
async function loadAreas(language: string): Promise<Map<string, object>> {
  const folder = path.join(I18N_DIR, language);
  const areas = new Map<string, object>();
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()) {
    const area = path.basename(file, '.ts');
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as Record<string, unknown>;
    const exported = module[area];
    if (typeof exported !== 'object' || exported === null) throw new Error(`${language}/${file} does not export "${area}"`);
    areas.set(area, exported);
  }
  return areas;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('i18n resources', () => {
  const zhKeys = messageKeys(MESSAGES['zh-CN']).sort();
  const enKeys = messageKeys(MESSAGES.en).sort();

  it('has the same keys in zh-CN and en', () => {
    expect(zhKeys.length).toBeGreaterThan(0);
    expect(enKeys).toEqual(zhKeys);
  });

  it('uses the same {{placeholders}} in both languages', () => {
    const mismatched = zhKeys.filter((key) => {
      const zh = lookup(MESSAGES['zh-CN'], key);
      const en = lookup(MESSAGES.en, key);
      return typeof zh !== 'string' || typeof en !== 'string' || placeholders(zh).join() !== placeholders(en).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('leaves no English value in Chinese and none empty', () => {
    // English may quote what an operator types (e.g. "男, 女" as accepted values), but it is English:
    // a value equal to the Chinese one, or more Han characters than Latin letters, was left untranslated.
    const untranslated = enKeys.filter((key) => {
      const value = lookup(MESSAGES.en, key);
      if (typeof value !== 'string' || value.trim() === '') return true;
      if (!HAN.test(value)) return false;
      const han = value.match(/\p{Script=Han}/gu)?.length ?? 0;
      const latin = value.match(/[A-Za-z]/g)?.length ?? 0;
      return value === lookup(MESSAGES['zh-CN'], key) || han > latin;
    });
    expect(untranslated).toEqual([]);
    const emptyZh = zhKeys.filter((key) => String(lookup(MESSAGES['zh-CN'], key)).trim() === '');
    expect(emptyZh).toEqual([]);
  });

  it('keeps every area to its own top-level keys, in both languages', async () => {
    for (const language of ['zh-CN', 'en']) {
      const areas = await loadAreas(language);
      expect([...areas.keys()]).toContain('core');
      expect([...areas.keys()]).toContain('ui');
      const owner = new Map<string, string>();
      const collisions: string[] = [];
      for (const [area, tree] of areas) {
        for (const key of Object.keys(tree)) {
          const previous = owner.get(key);
          if (previous) collisions.push(`${language}: "${key}" is in both ${previous} and ${area}`);
          owner.set(key, area);
        }
      }
      expect(collisions).toEqual([]);
      // The merged resources hold exactly what the area files hold: nothing shadowed, nothing lost.
      const merged = MESSAGES[language as keyof typeof MESSAGES];
      const fromAreas = [...areas.values()].flatMap((tree) => messageKeys(tree)).sort();
      expect(fromAreas).toEqual(messageKeys(merged).sort());
    }
  });

  it('has both languages for every area file', () => {
    const list = (language: string) => fs.readdirSync(path.join(I18N_DIR, language)).filter((name) => name.endsWith('.ts')).sort();
    expect(list('en')).toEqual(list('zh-CN'));
  });
});

describe('keys used by the renderer', () => {
  const files = sourceFiles(RENDERER_DIR);
  /** t('some.key') and t("some.key") as a call of t itself (not format(...), not i18n.t...). */
  const CALL = /(?<![\w$.])t\(\s*(['"])([^'"`]+)\1/g;
  const used = files.flatMap((file) => {
    const source = fs.readFileSync(file, 'utf8');
    return [...source.matchAll(CALL)].map((match) => ({ file: path.relative(REPO_ROOT, file), key: match[2] ?? '' }));
  });

  it('finds the renderer sources and their keys', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(used.length).toBeGreaterThan(50);
  });

  it('asks only for keys that exist in zh-CN and en', () => {
    const missing = used.filter(({ key }) => typeof lookup(MESSAGES['zh-CN'], key) !== 'string' || typeof lookup(MESSAGES.en, key) !== 'string');
    expect(missing).toEqual([]);
  });

  it('resolves template keys such as `groups.platform.${platform}` for every value of their enum', async () => {
    const { GROUP_PLATFORMS, GROUP_STATUSES } = await import('../../shared/domain/group.ts');
    const { BACKUP_REASONS } = await import('../../electron/db/backup.ts');
    const expected = [
      ...GROUP_PLATFORMS.map((platform) => `groups.platform.${platform}`),
      ...GROUP_STATUSES.map((status) => `groups.status.${status}`),
      ...['groups', 'backups', 'settings'].map((section) => `nav.${section}`),
      ...BACKUP_REASONS.map((reason) => `backups.reason.${reason}`),
    ];
    const missing = expected.filter((key) => typeof lookup(MESSAGES['zh-CN'], key) !== 'string' || typeof lookup(MESSAGES.en, key) !== 'string');
    expect(missing).toEqual([]);
  });
});
