/**
 * The CLI as operators and scripts use it: a real Node process on real files. Exit 0 on success;
 * otherwise a non-zero code and one plain line on stderr, and the file left exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, MIGRATION_NAMES, LATEST_SCHEMA_VERSION } from '../../../electron/db/migrations/index.ts';
import type { Database } from '../../../electron/db/schema.ts';
import { openWorkspace, WORKSPACE_APPLICATION_ID } from '../../../electron/db/workspace.ts';
import { createGroup, setGroupArchived } from '../../../electron/services/groups/group-commands.ts';
import { damagePage, quickCheck, rootPageOf, sha256File, snapshotFolder, withRawDb, writeRandomFile } from '../../helpers/files.ts';
import { groupFields } from '../../helpers/groups.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { cli, failureLine, npmCli } from './run-cli.ts';

const tempDir = useTempDirs('community-desk-cli-');
const NOW = '2026-01-05T09:00:00.000Z';
/** Every test starts several Node processes; the machine may be busy. */
const SLOW = { timeout: 120_000 };

/** A workspace made by the services, with groups in it; closed again, so only the .sqlite file remains. */
async function workspaceWithGroups(file: string, names: string[], archived: string[] = []): Promise<void> {
  const workspace = await openWorkspace(file, { create: true });
  try {
    for (const name of [...names, ...archived]) {
      const group = await createGroup(workspace.db, groupFields({ name, owner: '小林', capacity: 500 }), NOW);
      if (archived.includes(name)) await setGroupArchived(workspace.db, group.id, true, NOW);
    }
  } finally {
    await workspace.close();
  }
}

/** A workspace at the first schema version only, as an older Community Desk left it. */
async function workspaceAtFirstSchema(file: string): Promise<void> {
  const first = MIGRATION_NAMES[0] ?? '';
  const firstMigration = MIGRATIONS[first];
  if (!firstMigration) throw new Error('no migrations');
  const sqlite = new Sqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ [first]: firstMigration }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  sqlite.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
  sqlite.pragma('user_version = 1');
  await db.destroy();
}

describe('init', SLOW, () => {
  it('creates a workspace that the other commands open, and refuses to touch an existing file', async () => {
    const file = path.join(tempDir(), 'sub', 'team.sqlite');
    const created = await cli('init', '--workspace', file);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(file);
    expect(fs.existsSync(file)).toBe(true);

    const stats = await cli('stats', '--workspace', file, '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ groups: 0 });

    const before = sha256File(file);
    const again = await cli('init', '--workspace', file);
    expect(again.code).toBe(1);
    expect(failureLine(again)).toContain('already exists');
    expect(sha256File(file)).toBe(before);
  });
});

describe('stats, groups list and check only read', SLOW, () => {
  it('prints counts per entity as one JSON object', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    await workspaceWithGroups(file, ['读书会', 'Runners'], ['旧群']);
    const result = await cli('stats', '--workspace', file, '--json');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const counts = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(counts.groups).toBe(3);
    for (const value of Object.values(counts)) expect(Number.isInteger(value)).toBe(true);

    const text = await cli('stats', '--workspace', file);
    expect(text.stdout).toContain('groups: 3');
  });

  it('creates no file, takes no backup and leaves the workspace byte for byte as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    await workspaceWithGroups(file, ['读书会']);
    const before = snapshotFolder(dir);
    expect(Object.keys(before)).toEqual(['w.sqlite']);

    for (const args of [
      ['stats', '--workspace', file, '--json'],
      ['groups', 'list', '--workspace', file],
      ['groups', 'list', '--workspace', file, '--json', '--archived'],
      ['check', '--workspace', file],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(snapshotFolder(dir), args.join(' ')).toEqual(before);
    }
  });

  it('does not create a missing workspace', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'missing.sqlite');
    const result = await cli('stats', '--workspace', file, '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(failureLine(result)).toBe(`Workspace file not found: ${file}. Check the path or create a new workspace.`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('lists active groups, and archived ones with --archived', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    await workspaceWithGroups(file, ['读书会', 'Runners'], ['旧群']);

    const active = await cli('groups', 'list', '--workspace', file, '--json');
    expect(active.code).toBe(0);
    expect((JSON.parse(active.stdout) as Array<{ name: string }>).map((group) => group.name).sort()).toEqual(['Runners', '读书会']);

    const all = await cli('groups', 'list', '--workspace', file, '--json', '--archived');
    const groups = JSON.parse(all.stdout) as Array<{ name: string; status: string; capacity: number }>;
    expect(groups.map((group) => [group.name, group.status]).sort()).toEqual([
      ['Runners', 'active'],
      ['旧群', 'archived'],
      ['读书会', 'active'],
    ]);

    const table = await cli('groups', 'list', '--workspace', file, '--lang', 'zh-CN');
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toBe('编号\t名称\t平台\t状态\t群主\t人数上限');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.includes('读书会\twechat\tactive\t小林\t500'))).toBe(true);
  });
});

describe('groups add', SLOW, () => {
  it('creates a group with the same validation as the app, and prints it as JSON', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    expect((await cli('init', '--workspace', file)).code).toBe(0);
    const result = await cli(
      'groups', 'add', '--workspace', file, '--name', '  周末跑团  ', '--platform', 'wecom', '--theme', '城市跑步',
      '--owner', '阿强', '--capacity', '200', '--created-on', '2025-03-01', '--target-members', '上班族', '--json',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const group = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(group).toMatchObject({ name: '周末跑团', platform: 'wecom', theme: '城市跑步', owner: '阿强', capacity: 200, createdOn: '2025-03-01', targetMembers: '上班族', status: 'active' });

    const text = await cli('groups', 'add', '--workspace', file, '--name', '读书会', '--platform', 'qq');
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toMatch(/^Created group #\d+ "读书会"$/);
    expect(JSON.parse((await cli('stats', '--workspace', file, '--json')).stdout)).toMatchObject({ groups: 2 });
  });

  it('refuses invalid input naming each option, and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    await workspaceWithGroups(file, ['读书会']);
    const before = sha256File(file);

    const invalid = await cli('groups', 'add', '--workspace', file, '--name', '   ', '--platform', 'myspace', '--capacity', 'lots', '--created-on', '2025-02-30x');
    expect(invalid.code).toBe(1);
    const line = failureLine(invalid);
    expect(line).toContain('Invalid --name: Required');
    expect(line).toContain('Invalid --platform: Choose a platform');
    expect(line).toContain('Invalid --capacity: Enter a positive whole number');
    expect(line).toContain('Invalid --created-on: Enter a valid date');

    const negative = await cli('groups', 'add', '--workspace', file, '--name', 'X', '--platform', 'qq', '--capacity=-5');
    expect(negative.code).toBe(1);
    expect(failureLine(negative)).toBe('Invalid --capacity: Enter a positive whole number');

    const chinese = await cli('--lang', 'zh-CN', 'groups', 'add', '--workspace', file, '--platform', 'qq');
    expect(chinese.code).toBe(1);
    expect(failureLine(chinese)).toBe('选项 --name 无效：必填');

    const taken = await cli('groups', 'add', '--workspace', file, '--name', '读书会', '--platform', 'qq');
    expect(taken.code).toBe(1);
    expect(failureLine(taken)).toBe('Invalid --name: An active group named "读书会" already exists; choose another name');

    // Only the workspace itself counts: a write command may take the day's first backup beside it.
    expect(sha256File(file)).toBe(before);
    expect(fs.readdirSync(dir).filter((name) => name !== 'w.backups')).toEqual(['w.sqlite']);
  });
});

describe('backup', SLOW, () => {
  it('writes a standalone copy that opens as the same workspace', async () => {
    const dir = tempDir();
    const outDir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    const out = path.join(outDir, 'copy.sqlite');
    await workspaceWithGroups(file, ['读书会', 'Runners']);
    const before = snapshotFolder(dir);

    const result = await cli('backup', '--workspace', file, '--out', out);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(snapshotFolder(dir)).toEqual(before);
    expect(fs.readdirSync(outDir)).toEqual(['copy.sqlite']);
    expect(JSON.parse((await cli('stats', '--workspace', out, '--json')).stdout)).toMatchObject({ groups: 2 });

    const exists = await cli('backup', '--workspace', file, '--out', out);
    expect(exists.code).toBe(1);
    expect(failureLine(exists)).toContain('--force');
    expect((await cli('backup', '--workspace', file, '--out', out, '--force')).code).toBe(0);
  });

  it('never writes the copy over the workspace itself', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    await workspaceWithGroups(file, ['读书会']);
    const before = sha256File(file);
    const result = await cli('backup', '--workspace', file, '--out', path.join(dir, '.', 'w.sqlite'), '--force');
    expect(result.code).toBe(2);
    expect(failureLine(result)).toContain('another file');
    expect(sha256File(file)).toBe(before);
  });
});

describe('files that are not a usable workspace', SLOW, () => {
  it('refuses a file of random bytes', async () => {
    const file = path.join(tempDir(), 'random.sqlite');
    writeRandomFile(file, 64 * 1024);
    const before = sha256File(file);
    for (const command of ['stats', 'check']) {
      const result = await cli(command, '--workspace', file);
      expect(result.code, command).toBe(1);
      expect(failureLine(result)).toBe(`"${file}" is not a Community Desk workspace. Choose a .sqlite workspace file.`);
    }
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a plain SQLite database of another program', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'other.db');
    withRawDb(file, (sqlite) => {
      sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');");
    });
    const before = snapshotFolder(dir);
    const result = await cli('groups', 'add', '--workspace', file, '--name', 'X', '--platform', 'qq');
    expect(result.code).toBe(1);
    expect(failureLine(result)).toContain('is not a Community Desk workspace');
    expect((await cli('stats', '--workspace', file)).code).toBe(1);
    expect(snapshotFolder(dir)).toEqual(before);
  });

  it('refuses a workspace written by a newer version (an unknown migration)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    await workspaceWithGroups(file, ['读书会']);
    withRawDb(file, (sqlite) => {
      sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999_from_the_future', NOW);
    });
    const before = snapshotFolder(dir);
    for (const args of [['stats', '--json'], ['check'], ['upgrade'], ['groups', 'add', '--name', 'X', '--platform', 'qq']]) {
      const result = await cli(...args, '--workspace', file);
      expect(result.code, args.join(' ')).toBe(1);
      expect(failureLine(result)).toContain('was written by a newer Community Desk');
    }
    expect(snapshotFolder(dir)).toEqual(before);
  });

  it('reports a workspace with a damaged b-tree page and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    await workspaceWithGroups(
      file,
      Array.from({ length: 40 }, (_, index) => `社群 ${index + 1}`),
    );
    expect(fs.readdirSync(dir)).toEqual(['w.sqlite']);
    damagePage(file, rootPageOf(file, 'groups'), { offset: 0, length: 64 });
    expect(quickCheck(file)).not.toEqual(['ok']);
    const before = snapshotFolder(dir);

    const check = await cli('check', '--workspace', file);
    expect(check.code).toBe(1);
    expect(failureLine(check)).toContain('is damaged and cannot be opened safely');
    const stats = await cli('--lang', 'zh-CN', 'stats', '--workspace', file, '--json');
    expect(stats.code).toBe(1);
    expect(failureLine(stats)).toContain('已损坏');
    expect(snapshotFolder(dir)).toEqual(before);
  });
});

describe.skipIf(LATEST_SCHEMA_VERSION < 2)('a workspace from an older version', SLOW, () => {
  it('is not migrated by reading commands; upgrade migrates it after a backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    await workspaceAtFirstSchema(file);
    const before = snapshotFolder(dir);

    const stats = await cli('stats', '--workspace', file, '--json');
    expect(stats.code).toBe(1);
    expect(failureLine(stats)).toContain('upgrade --workspace');
    const check = await cli('check', '--workspace', file);
    expect(check.code).toBe(0);
    expect(snapshotFolder(dir)).toEqual(before);

    const upgrade = await cli('upgrade', '--workspace', file);
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toContain(`schema version ${LATEST_SCHEMA_VERSION}`);
    expect(fs.readdirSync(path.join(dir, 'old.backups')).some((name) => name.includes('before-migration'))).toBe(true);
    expect((await cli('stats', '--workspace', file, '--json')).code).toBe(0);
  });
});

describe('how the CLI is called', SLOW, () => {
  it('answers wrong commands and options with exit code 2 and one line', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'No command given'],
      [['frobnicate'], 'Unknown command "frobnicate"'],
      [['groups'], 'Unknown command "groups"'],
      [['stats', '--json'], 'Missing option --workspace'],
      [['stats', '--workspace', 'x.sqlite', '--verbose'], 'has no option --verbose'],
      [['groups', 'add', '--workspace'], 'needs a value'],
      [['stats', '--lang', 'fr'], 'Unsupported language "fr"'],
    ];
    for (const [args, expected] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(failureLine(result)).toContain(expected);
    }
  });

  it('prints the usage with --help', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('groups add --workspace');
    expect(result.stdout).toContain('wechat, wecom, qq');
    expect((await cli('--lang', 'zh-CN', 'help')).stdout).toContain('用法');
  });

  it('runs through npm run --silent cli', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const created = await npmCli('init', '--workspace', file);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const stats = await npmCli('stats', '--workspace', file, '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ groups: 0 });
    const missing = await npmCli('stats', '--workspace', path.join(path.dirname(file), 'nope.sqlite'));
    expect(missing.code).not.toBe(0);
    expect(failureLine(missing)).toContain('Workspace file not found');
  });
});
