/**
 * `export members --workspace <ws> --out <file.xlsx>`: a real Node process writes the file, openpyxl
 * reads it back: the header names in the workspace's language, one row per member, phones as text
 * cells, dates as date cells, formula-like text neutralised (no formula cell anywhere).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { commitImportFile, openImportFile } from '../../../electron/services/member-io/import-file.ts';
import { createMember } from '../../../electron/services/members/member-commands.ts';
import { memberEditFromForm } from '../../../electron/services/members/member-form.ts';
import { EMPTY_MEMBER_FORM } from '../../../shared/domain/members/member-form.ts';
import { sha256File, withRawDb } from '../../helpers/files.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { readXlsx, values } from './read-xlsx.ts';
import { cli, failureLine, REPO_ROOT } from './run-cli.ts';

const tempDir = useTempDirs('community-desk-cli-export-');
const FIXTURES = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');
const SLOW = { timeout: 180_000 };


/** The roster and the English list imported, plus members whose text a spreadsheet could take for a formula. */
async function workspaceWithMembers(file: string): Promise<number> {
  const workspace = await openWorkspace(file, { create: true });
  try {
    for (const name of ['roster_wps.xlsx', 'members_en.csv']) {
      await commitImportFile(workspace, await openImportFile(path.join(FIXTURES, name)), { policy: 'overwrite' });
    }
    await createMember(workspace, memberEditFromForm({ ...EMPTY_MEMBER_FORM, displayName: '=HYPERLINK("http://x","点我")', phone: '+44 20 7946 0958', city: '@SUM(A1)', tags: ['-1', 'KOL'] }));
    await createMember(workspace, memberEditFromForm({ ...EMPTY_MEMBER_FORM, realName: '李四', phone: '00861390013 9000', joinedOn: '2025-02-28' }));
    return (workspace.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  } finally {
    await workspace.close();
  }
}

describe('export members', SLOW, () => {
  it('writes every member, one row each, with Chinese headers, phones as text, dates as dates and no formulas', async () => {
    const dir = tempDir();
    const workspace = path.join(dir, 'w.sqlite');
    const members = await workspaceWithMembers(workspace);
    expect(members).toBe(117);
    const out = path.join(dir, 'out', '..', '成员.xlsx');
    const result = await cli('export', 'members', '--workspace', workspace, '--out', out);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('117');

    const [sheet, ...others] = await readXlsx(out);
    expect(others).toEqual([]);
    if (!sheet) throw new Error('no sheet');
    const header = values(sheet)[0] ?? [];
    for (const name of ['姓名', '手机号', '微信号', '邮箱', '入群时间', '标签']) expect(header).toContain(name);
    expect(sheet.rows).toHaveLength(members + 1);
    expect(sheet.freeze).toBe('A2');
    expect(sheet.autoFilter).toMatch(/^A1:[A-Z]+1$/);
    expect(sheet.formulaCells).toBe(0);

    const column = (name: string) => header.indexOf(name);
    const body = sheet.rows.slice(1);
    const phones = body.map((row) => row[column('手机号')]).filter((cell) => cell?.value !== null);
    expect(phones.length).toBe(members);
    expect(phones.every((cell) => cell?.type === 's' && /^\+?\d+$/.test(String(cell.value)))).toBe(true);
    const dbPhones = withRawDb(workspace, (sqlite) => sqlite.prepare('SELECT phone FROM members ORDER BY phone').pluck().all() as string[]);
    expect(phones.map((cell) => String(cell?.value)).sort()).toEqual(dbPhones);
    expect(phones.map((cell) => String(cell?.value))).toContain('+442079460958');

    const dates = body.map((row) => row[column('入群时间')]).filter((cell) => cell?.value !== null);
    expect(dates.length).toBeGreaterThan(100);
    expect(dates.every((cell) => cell?.type === 'd')).toBe(true);
    const lisi = body.find((row) => row[column('姓名')]?.value === '李四');
    expect(lisi?.[column('入群时间')]?.value).toBe('2025-02-28T00:00:00');
    expect(lisi?.[column('手机号')]?.value).toBe('13900139000');

    // Formula-like text stays text: a leading apostrophe, the spreadsheet convention for "this is text".
    const risky = body.find((row) => String(row[column('姓名')]?.value).includes('HYPERLINK'));
    expect(risky?.[column('姓名')]).toMatchObject({ value: `'=HYPERLINK("http://x","点我")`, type: 's' });
    expect(risky?.[column('城市')]?.value).toBe("'@SUM(A1)");
    expect(risky?.[column('标签')]?.value).toMatch(/^'-1、KOL$|^KOL、'?-1$/);
    // The roster's repeated people are one row each.
    expect(body.filter((row) => row[column('手机号')]?.value === '15900000159')).toHaveLength(1);
  });

  it('uses English headers when the workspace language is English, and never writes over the workspace', async () => {
    const dir = tempDir();
    const workspace = path.join(dir, 'w.sqlite');
    const workspaceFile = await openWorkspace(workspace, { create: true });
    await commitImportFile(workspaceFile, await openImportFile(path.join(FIXTURES, 'members_en.csv')), { policy: 'overwrite' });
    await workspaceFile.close();
    // What the app writes when its language is English (settings.update / opening the workspace).
    withRawDb(workspace, (sqlite) => sqlite.prepare(`INSERT INTO app_meta (key, value) VALUES ('language', 'en')`).run());

    const out = path.join(dir, 'members.xlsx');
    const before = sha256File(workspace);
    const [exported, ontoItself] = await Promise.all([
      cli('export', 'members', '--workspace', workspace, '--out', out),
      cli('export', 'members', '--workspace', workspace, '--out', workspace),
    ]);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const [sheet] = await readXlsx(out);
    if (!sheet) throw new Error('no sheet');
    expect(sheet.title).toBe('Members');
    const header = values(sheet)[0] ?? [];
    for (const name of ['Name', 'Phone', 'WeChat ID', 'E-mail', 'Joined', 'Tags']) expect(header).toContain(name);
    expect(sheet.rows).toHaveLength(16);
    expect(values(sheet)[1]?.[header.indexOf('Name')]).toBe('Yogi 0');
    expect(String(values(sheet)[1]?.[header.indexOf('Tags')]).split('、').sort()).toEqual(['beginner', 'yoga']);

    expect(ontoItself.code).toBe(2);
    expect(failureLine(ontoItself)).toMatch(/workspace/i);
    expect(sha256File(workspace)).toBe(before);
  });
});
