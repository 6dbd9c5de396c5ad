import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageKeys, translate } from '../../../shared/i18n/translate.ts';
import { zhCN } from '../../../shared/i18n/zh-CN.ts';
import { en } from '../../../shared/i18n/en.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every i18n key the import reader can produce, found in its source. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of [...sources(join(repoRoot, 'shared/domain/members')), ...sources(join(repoRoot, 'electron/services/members/import'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/reject\('(\w+)'/g)) keys.add(`members.importProblem.${match[1]}`);
    for (const match of text.matchAll(/\$\{PROBLEM_PREFIX\}(\w+)/g)) keys.add(`members.importProblem.${match[1]}`);
    for (const match of text.matchAll(/'(importer\.(?:mapping|errors)\.\w+)'/g)) keys.add(match[1] ?? '');
    for (const match of text.matchAll(/importError\(\s*\w+,\s*(?:\([^)]*\)\s*\?\s*)?'(\w+)'(?:\s*:\s*'(\w+)')?/g)) {
      keys.add(`importer.errors.${match[1]}`);
      if (match[2]) keys.add(`importer.errors.${match[2]}`);
    }
    for (const match of text.matchAll(/\?\s*'(\w+)'\s*:\s*'(\w+)'\)/g)) {
      for (const key of [match[1], match[2]]) if (key && /^[a-z]+[A-Z]\w+$/.test(key)) keys.add(`importer.errors.${key}`);
    }
  }
  return keys;
}

describe('import reader messages', () => {
  const zhKeys = new Set(messageKeys(zhCN));
  const enKeys = new Set(messageKeys(en));

  it('has every key it uses in both languages', () => {
    const used = [...usedKeys()];
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((key) => !zhKeys.has(key) || !enKeys.has(key))).toEqual([]);
  });

  it('keeps English complete and aligned with Chinese', () => {
    const area = (keys: Set<string>) => [...keys].filter((key) => key.startsWith('members.') || key.startsWith('importer.')).sort();
    expect(area(enKeys)).toEqual(area(zhKeys));
  });

  it('fills every placeholder a problem message names', () => {
    const text = translate('zh-CN', 'members.importProblem.phoneTooShort', { value: '1380013800', digits: 10 });
    expect(text).toBe('“1380013800”只有 10 位数字，不是完整的电话号码。手机号应为 11 位；座机请带区号。');
    expect(translate('en', 'importer.errors.legacyXls', { file: 'a.xls' })).toContain('"a.xls"');
  });
});
