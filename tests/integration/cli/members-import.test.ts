/**
 * `import members <file>` as scripts use it: real Node processes on the shared fixtures and real
 * workspace files. Counts come from the reader's truth tables (tests/fixtures/members/*.expected.json)
 * and the fixtures README: the roster has 103 data rows for 100 people (three registered twice), the
 * GB18030 CSV overlaps the roster by phone for 40 people. Every data row is counted once: created,
 * updated or skipped.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { quickCheck, sha256File, snapshotFolder, withRawDb } from '../../helpers/files.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { cli, failureLine, npmCli, REPO_ROOT } from './run-cli.ts';

const tempDir = useTempDirs('community-desk-cli-members-');
const FIXTURES = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');
const SLOW = { timeout: 180_000 };

interface Summary {
  created: number;
  updated: number;
  skipped: number;
  problems: Array<{ row: number; column: string; value: string; message: string }>;
}

async function emptyWorkspace(file: string): Promise<string> {
  const workspace = await openWorkspace(file, { create: true });
  await workspace.close();
  return file;
}

async function importJson(file: string, workspace: string, ...extra: string[]): Promise<Summary> {
  const result = await cli('import', 'members', file, '--workspace', workspace, '--json', ...extra);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Summary;
}

function memberCount(workspace: string): number {
  return withRawDb(workspace, (sqlite) => (sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n);
}

function memberByPhone(workspace: string, phone: string): Record<string, unknown> | undefined {
  return withRawDb(workspace, (sqlite) => sqlite.prepare('SELECT * FROM members WHERE phone = ?').get(phone) as Record<string, unknown> | undefined);
}

const FIXTURE_COUNTS: Array<[string, { created: number; dataRows: number }]> = [
  ['roster_wps.xlsx', { created: 100, dataRows: 103 }],
  ['members_gb18030.csv', { created: 60, dataRows: 60 }],
  ['members_utf16.txt', { created: 20, dataRows: 20 }],
  ['members_en.csv', { created: 15, dataRows: 15 }],
];

describe('import members <file> --json', SLOW, () => {
  it('imports every shared fixture into a fresh workspace with exact counts, and a re-import changes nothing', async () => {
    const dir = tempDir();
    await Promise.all(
      FIXTURE_COUNTS.map(async ([name, truth]) => {
        const workspace = await emptyWorkspace(path.join(dir, `${name}.sqlite`));
        const first = await importJson(path.join(FIXTURES, name), workspace);
        expect(first, name).toEqual({ created: truth.created, updated: 0, skipped: truth.dataRows - truth.created, problems: [] });
        expect(memberCount(workspace), name).toBe(truth.created);

        const again = await importJson(path.join(FIXTURES, name), workspace);
        expect(again, `${name} again`).toEqual({ created: 0, updated: 0, skipped: truth.dataRows, problems: [] });
        expect(memberCount(workspace), name).toBe(truth.created);
      }),
    );
    // The people registered twice in the roster are one member each, their phone written either way.
    const roster = path.join(dir, 'roster_wps.xlsx.sqlite');
    expect(memberByPhone(roster, '15900000159')).toMatchObject({ real_name: '郑思远', wechat_id: 'yoga_0004', joined_on: '2024-05-13', city: '宁波' });
    const english = path.join(dir, 'members_en.csv.sqlite');
    expect(memberByPhone(english, '15900000000')).toMatchObject({ real_name: 'Yogi 0', email: 'yogi0@mail.com', joined_on: '2024-12-01' });
  });

  it('--on-duplicate update applies the overlapping file to the 40 people already there; skip leaves them alone', async () => {
    const dir = tempDir();
    const [updated, skipped] = await Promise.all(
      ['update', 'skip'].map(async (policy) => {
        const workspace = await emptyWorkspace(path.join(dir, `${policy}.sqlite`));
        await importJson(path.join(FIXTURES, 'roster_wps.xlsx'), workspace);
        const summary = await importJson(path.join(FIXTURES, 'members_gb18030.csv'), workspace, '--on-duplicate', policy);
        return { workspace, summary };
      }),
    );
    expect(updated?.summary).toEqual({ created: 20, updated: 40, skipped: 0, problems: [] });
    expect(skipped?.summary).toEqual({ created: 20, updated: 0, skipped: 40, problems: [] });
    expect(memberCount(updated?.workspace ?? '')).toBe(120);
    expect(memberCount(skipped?.workspace ?? '')).toBe(120);
    // Row 2 of the CSV is 金佳琪 of the roster: "update" adds the CSV's gender and note, "skip" does not.
    expect(memberByPhone(updated?.workspace ?? '', '15900002231')).toMatchObject({ real_name: '金佳琪', nickname: '小一诺60', gender: 'male', notes: '老带新' });
    expect(memberByPhone(skipped?.workspace ?? '', '15900002231')).toMatchObject({ real_name: '金佳琪', gender: null, notes: null });
  });

  it('reports problems by spreadsheet row, column, value and translated message, and still imports the rest', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, ['名单', '姓名,手机,入群日期', '张伟,138 0013 8000,2025-03-04', '李娜,1.38E+10,2025/3/5', ',,', '王芳,13900139000,明天'].join('\n'));
    const summary = await importJson(file, workspace);
    expect(summary).toMatchObject({ created: 3, updated: 0, skipped: 0 });
    expect(summary.problems).toEqual([
      { row: 4, column: '手机', value: '1.38E+10', message: expect.stringContaining('scientific') as string },
      { row: 6, column: '入群日期', value: '明天', message: expect.stringContaining('明天') as string },
    ]);
    const chinese = await cli('--lang', 'zh-CN', 'import', 'members', file, '--workspace', workspace, '--json');
    const again = JSON.parse(chinese.stdout) as Summary;
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(again.problems[0]?.message).toContain('科学计数法');
  });

  it('is what `npm run --silent cli -- import members` runs, with a human summary without --json', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    const result = await npmCli('import', 'members', path.join(FIXTURES, 'members_utf16.txt'), '--workspace', workspace);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe('Imported "members_utf16.txt": 20 new, 0 updated, 0 rows skipped.');
  });
});

/** Runs the CLI with a terminal for stdout and stderr (util-linux `script` gives it a pseudo-terminal); returns what the terminal showed. */
function cliOnTerminal(...args: string[]): Promise<{ code: number; screen: string }> {
  const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, path.join(REPO_ROOT, 'electron/cli/main.ts'), ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let screen = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (screen += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, screen }));
  });
}

describe('import members on a terminal', SLOW, () => {
  it('shows one progress line that moves forward through both phases, then erases it before the summary', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    const file = path.join(dir, 'big.csv');
    const lines = ['姓名,手机,城市'];
    for (let i = 0; i < 30_000; i++) lines.push(`成员${i},1${String(5_000_000_000 + i).padStart(10, '0')},杭州`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);

    const { code, screen } = await cliOnTerminal('import', 'members', file, '--workspace', workspace);
    expect(code).toBe(0);
    // Each report starts with "carriage return, erase line": the line rewrites itself.
    const reports = screen.split('\r\x1b[K').slice(1);
    const summary = reports.pop() ?? '';
    expect(summary.trim()).toBe('Imported "big.csv": 30,000 new, 0 updated, 0 rows skipped.');
    const progress = reports.filter((report) => report !== '').map((report) => /^(Importing members|Building indexes)… (\d+)%$/.exec(report));
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((match) => match !== null)).toBe(true);
    const percents = progress.map((match) => Number(match?.[2]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress[0]?.[1]).toBe('Importing members');
    expect(progress.at(-1)?.[1]).toBe('Building indexes');
    expect(percents.at(-1)).toBe(100);
    expect(memberCount(workspace)).toBe(30_000);
  });
});

describe('import members: files that cannot be read', SLOW, () => {
  it('exits 2 with one line naming the file, and leaves the workspace byte for byte as it was', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    await importJson(path.join(FIXTURES, 'members_en.csv'), workspace);
    const roster = fs.readFileSync(path.join(FIXTURES, 'roster_wps.xlsx'));
    const bad: Record<string, Buffer> = {
      'empty.csv': Buffer.alloc(0),
      'junk.csv': Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 131 + 7) % 256)),
      'truncated.xlsx': roster.subarray(0, Math.floor(roster.length / 2)),
      'legacy.xls': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0)]),
    };
    const before = { file: sha256File(workspace), folder: snapshotFolder(dir) };
    const expected: Record<string, RegExp> = { 'empty.csv': /empty/, 'junk.csv': /not a spreadsheet/, 'truncated.xlsx': /damaged or incomplete/, 'legacy.xls': /\.xlsx/ };
    const results = await Promise.all(
      Object.entries(bad).map(async ([name, bytes]) => {
        const file = path.join(dir, 'in', name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, bytes);
        return { name, result: await cli('import', 'members', file, '--workspace', workspace, '--json') };
      }),
    );
    for (const { name, result } of results) {
      expect(result.code, name).toBe(2);
      expect(result.stdout, name).toBe('');
      const line = failureLine(result);
      expect(line, name).toContain(name);
      expect(line, name).toMatch(expected[name] ?? /./);
    }
    expect({ file: sha256File(workspace), folder: snapshotFolder(dir) }).toEqual({ ...before, folder: { ...before.folder, in: 'dir' } });
    expect(memberCount(workspace)).toBe(15);
  });

  it('exits 2 for a missing file argument or a wrong --on-duplicate, and 1 for a missing workspace', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    const csv = path.join(FIXTURES, 'members_en.csv');
    const [noFile, badPolicy, noWorkspace] = await Promise.all([
      cli('import', 'members', '--workspace', workspace),
      cli('import', 'members', csv, '--workspace', workspace, '--on-duplicate', 'merge'),
      cli('import', 'members', csv, '--workspace', path.join(dir, 'missing.sqlite')),
    ]);
    expect(noFile.code).toBe(2);
    expect(failureLine(noFile)).toContain('<file>');
    expect(badPolicy.code).toBe(2);
    expect(failureLine(badPolicy)).toContain('update, skip');
    expect(noWorkspace.code).toBe(1);
    expect(failureLine(noWorkspace)).toContain('missing.sqlite');
    expect(fs.existsSync(path.join(dir, 'missing.sqlite'))).toBe(false);
    expect(memberCount(workspace)).toBe(0);
  });
});

describe('import members: killed mid-import', SLOW, () => {
  it('leaves a workspace that passes the integrity check and holds nothing of the batch', async () => {
    const dir = tempDir();
    const workspace = await emptyWorkspace(path.join(dir, 'w.sqlite'));
    await importJson(path.join(FIXTURES, 'members_en.csv'), workspace);
    const file = path.join(dir, 'big.csv');
    const lines = ['姓名,手机号,城市'];
    for (let index = 0; index < 150_000; index += 1) lines.push(`成员${index},${13_700_000_000 + index},杭州`);
    fs.writeFileSync(file, lines.join('\n'));

    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/cli/main.ts'), 'import', 'members', file, '--workspace', workspace], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Killed once the import's transaction is writing: its pages are going to the WAL.
    const wal = `${workspace}-wal`;
    for (let waited = 0; waited < 120_000; waited += 50) {
      if (fs.existsSync(wal) && fs.statSync(wal).size > 2 * 1024 * 1024) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.statSync(wal).size).toBeGreaterThan(2 * 1024 * 1024);
    child.kill('SIGKILL');
    await exited;

    expect(quickCheck(workspace)).toEqual(['ok']);
    expect(memberCount(workspace)).toBe(15);
    expect(withRawDb(workspace, (sqlite) => sqlite.prepare('SELECT file_name FROM import_batches').pluck().all())).toEqual(['members_en.csv']);
    const check = await cli('check', '--workspace', workspace);
    expect(check.code).toBe(0);
  });
});
