/**
 * Folder = where code may run. These tests lint small snippets as if they lived in renderer/,
 * shared/ and electron/, through the project's real eslint.config.js, to prove the layering rules
 * bite (and do not bite allowed imports).
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: REPO });
});

interface Finding {
  ruleId: string | null;
  message: string;
}

async function lint(relativePath: string, code: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, relativePath) });
  if (!result) throw new Error('no lint result');
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`snippet does not parse: ${fatal.map((message) => message.message).join('; ')}`);
  return result.messages.filter((message) => message.severity === 2).map((message) => ({ ruleId: message.ruleId, message: message.message }));
}

/** A snippet that uses what it imports, so only the layering rules can complain. */
const importing = (source: string) => `import * as imported from '${source}';\nexport const used = imported;\n`;

describe('renderer/ runs in the browser sandbox only', () => {
  const forbidden = [
    'node:fs',
    'fs',
    'node:path',
    'path',
    'child_process',
    'electron',
    'better-sqlite3',
    'exceljs',
    'kysely',
    '../electron/main/index.ts',
    '../../electron/db/workspace.ts',
    '../../../electron/host/client.ts',
  ];
  for (const source of forbidden) {
    it(`may not import ${source}`, async () => {
      const findings = await lint('renderer/src/features/groups/GroupList.ts', importing(source));
      expect(findings.map((finding) => finding.ruleId)).toContain('no-restricted-imports');
    });
  }

  it('may import shared/ and UI libraries', async () => {
    expect(await lint('renderer/src/features/groups/GroupList.ts', importing('../../../../shared/contract/api.ts'))).toEqual([]);
    expect(await lint('renderer/src/features/groups/GroupList.ts', importing('../../../../shared/domain/group.ts'))).toEqual([]);
    expect(await lint('renderer/src/App.ts', importing('react'))).toEqual([]);
    expect(await lint('renderer/src/App.ts', importing('antd'))).toEqual([]);
  });
});

describe('shared/ runs everywhere: no Node, no Electron, no DOM, no React', () => {
  for (const source of ['node:path', 'path', 'node:fs', 'electron', 'better-sqlite3', 'kysely', 'react', 'react-dom/client', 'antd', '../../renderer/src/App.tsx', '../../electron/db/schema.ts']) {
    it(`may not import ${source}`, async () => {
      const findings = await lint('shared/domain/example.ts', importing(source));
      expect(findings.map((finding) => finding.ruleId)).toContain('no-restricted-imports');
    });
  }

  for (const [name, code] of [
    ['window', 'export const href = window.location.href;\n'],
    ['document', 'export const title = (): string => document.title;\n'],
    ['localStorage', "export const saved = localStorage.getItem('x');\n"],
    ['navigator', 'export const lang = navigator.language;\n'],
  ] as const) {
    it(`may not use ${name}`, async () => {
      const findings = await lint('shared/i18n/example.ts', code);
      expect(findings.map((finding) => finding.ruleId)).toContain('no-restricted-globals');
    });
  }

  it('may import zod and its own modules', async () => {
    expect(await lint('shared/domain/example.ts', "import { z } from 'zod';\nexport const schema = z.string();\n")).toEqual([]);
    expect(await lint('shared/contract/example.ts', importing('../domain/group.ts'))).toEqual([]);
  });
});

describe('electron/ (main, service host, CLI) never imports React or the renderer', () => {
  for (const source of ['react', 'react-dom', 'antd', '../../renderer/src/App.tsx']) {
    it(`may not import ${source}`, async () => {
      const findings = await lint('electron/main/example.ts', importing(source));
      expect(findings.map((finding) => finding.ruleId)).toContain('no-restricted-imports');
    });
  }

  it('may import Node, Electron, SQLite and shared/', async () => {
    for (const source of ['node:fs', 'electron', 'better-sqlite3', 'kysely', '../../shared/contract/channels.ts']) {
      expect(await lint('electron/main/example.ts', importing(source)), source).toEqual([]);
    }
  });
});

describe('renderer/ and shared/ cannot load modules behind the static rules', () => {
  const snippets = {
    'require()': "const fs = require('node:fs');\nexport const used = fs;\n",
    'dynamic import()': "export const load = () => import('node:fs');\n",
  };
  for (const folder of ['renderer/src/App.ts', 'shared/domain/x.ts']) {
    for (const [name, code] of Object.entries(snippets)) {
      it(`${folder.split('/')[0]}/ may not use ${name}`, async () => {
        const findings = await lint(folder, code);
        expect(findings.map((finding) => finding.ruleId)).toContain('no-restricted-syntax');
      });
    }
  }
});
