import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder, listBackups } from '../../../electron/db/backup.ts';
import { LATEST_SCHEMA_VERSION } from '../../../electron/db/migrations/index.ts';
import { openWorkspace, WORKSPACE_APPLICATION_ID, type OpenWorkspaceOptions } from '../../../electron/db/workspace.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { createGroup } from '../../../electron/services/groups/group-commands.ts';
import { getGroup, listGroups } from '../../../electron/services/groups/group-queries.ts';
import { AppFailure, type AppError } from '../../../shared/contract/result.ts';
import { damagePage, quickCheck, rootPageOf, schemaOf, sha256File, snapshotFolder, withRawDb, writeRandomFile } from '../../helpers/files.ts';
import { groupFields } from '../../helpers/groups.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** The AppError an open fails with (the test fails if it opens, or fails with anything else). */
async function openError(file: string, options: OpenWorkspaceOptions = {}): Promise<AppError> {
  try {
    const workspace = await openWorkspace(file, options);
    await workspace.close();
  } catch (error) {
    if (error instanceof AppFailure) return error.appError;
    throw new Error(`expected an AppFailure, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected ${file} to be refused, but it opened`);
}

/** A closed workspace holding one group, with its WAL folded into the main file. */
async function workspaceWithData(dir: string, groups = 1): Promise<string> {
  const file = path.join(dir, 'data.sqlite');
  const workspace = await openWorkspace(file, { create: true });
  for (let index = 0; index < groups; index += 1) {
    await createGroup(workspace.db, groupFields({ name: `社群 ${index}`, rules: '群规 '.repeat(200) }), '2026-01-01T00:00:00.000Z');
  }
  await workspace.close();
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  return file;
}

/** Folder contents (names and hashes), so a refusal can be shown to have written nothing at all. */
function folderState(file: string) {
  return { folder: snapshotFolder(path.dirname(file)), backups: snapshotFolder(backupFolder(file)) };
}

describe('opening a workspace', () => {
  it('creates a new workspace and finds its data again after reopening', async () => {
    const file = path.join(tempDir(), 'nested', 'folder', '社群.sqlite');
    const first = await openWorkspace(file, { create: true });
    const created = await createGroup(first.db, groupFields({ name: '周末读书会', platform: 'qq', capacity: 500, rules: '不发广告' }), '2026-03-04T05:06:07.000Z');
    await first.close();

    const second = await openWorkspace(file);
    try {
      expect(await getGroup(second.db, created.id)).toEqual(created);
      expect(second.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(second.path).toBe(path.resolve(file));
    } finally {
      await second.close();
    }
    // A fresh workspace has nothing worth backing up; reopening it migrates nothing.
    expect(listBackups(file)).toEqual([]);
  });

  it('runs with WAL, foreign keys on and synchronous=FULL, and marks the file as ours', async () => {
    const file = path.join(tempDir(), 'pragmas.sqlite');
    const workspace = await openWorkspace(file, { create: true });
    try {
      expect(workspace.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(workspace.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(workspace.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(workspace.sqlite.pragma('application_id', { simple: true })).toBe(WORKSPACE_APPLICATION_ID);
      expect(workspace.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await workspace.close();
    }
    // The same settings come back on a reopen (they are per connection, not stored in the file).
    const again = await openWorkspace(file);
    try {
      expect(again.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(again.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(again.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      await again.close();
    }
  });

  it('says a missing file is missing and does not create it unless asked', async () => {
    const file = path.join(tempDir(), 'nope.sqlite');
    expect((await openError(file)).code).toBe('WORKSPACE_NOT_FOUND');
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each([16, 100, 4096, 200_000])('refuses a file of %i random bytes as not a workspace and leaves it byte for byte as it was', async (size) => {
    const file = path.join(tempDir(), 'random.sqlite');
    writeRandomFile(file, size);
    const before = folderState(file);
    const hash = sha256File(file);
    const error = await openError(file, { create: true, dailyBackup: true });
    expect(error.code).toBe('NOT_A_WORKSPACE');
    expect(error.params?.path).toBe(path.resolve(file));
    expect(sha256File(file)).toBe(hash);
    expect(folderState(file)).toEqual(before);
  });

  it('refuses a folder as not a workspace', async () => {
    const folder = path.join(tempDir(), 'a-folder.sqlite');
    fs.mkdirSync(folder);
    expect((await openError(folder, { create: true })).code).toBe('NOT_A_WORKSPACE');
  });

  it("refuses another application's SQLite database and leaves it unchanged", async () => {
    const file = path.join(tempDir(), 'notes-app.db');
    withRawDb(file, (sqlite) => {
      sqlite.pragma('journal_mode = WAL');
      sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')");
    });
    const before = folderState(file);
    const error = await openError(file, { create: true, dailyBackup: true });
    expect(error.code).toBe('NOT_A_WORKSPACE');
    expect(folderState(file)).toEqual(before);
    expect(fs.existsSync(backupFolder(file))).toBe(false);
  });

  it('refuses a workspace written by a newer version, naming both versions, and leaves it unchanged', async () => {
    const file = await workspaceWithData(tempDir());
    withRawDb(file, (sqlite) => {
      sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999_from_the_future', '2030-01-01T00:00:00.000Z');
    });
    const before = folderState(file);
    const error = await openError(file, { dailyBackup: true });
    expect(error.code).toBe('WORKSPACE_NEWER');
    expect(error.params).toMatchObject({ version: LATEST_SCHEMA_VERSION + 1, supported: LATEST_SCHEMA_VERSION });
    expect(folderState(file)).toEqual(before);
  });

  it('reports a workspace with a damaged table page as corrupt and never replaces it', async () => {
    const file = await workspaceWithData(tempDir(), 40);
    damagePage(file, rootPageOf(file, 'groups'), { offset: 0, length: 64 });
    expect(quickCheck(file)).not.toEqual(['ok']);
    const before = folderState(file);
    const error = await openError(file, { create: true, dailyBackup: true });
    expect(error.code).toBe('WORKSPACE_CORRUPT');
    expect(folderState(file)).toEqual(before);
  });

  it('reports a workspace whose schema page is damaged as corrupt, not as an internal error', async () => {
    const file = await workspaceWithData(tempDir());
    // Page 1 holds the schema right after the 100-byte file header.
    damagePage(file, 1, { offset: 100, length: 200 });
    expect(quickCheck(file)).not.toEqual(['ok']);
    const before = folderState(file);
    const error = await openError(file, { dailyBackup: true });
    expect(error.code).toBe('WORKSPACE_CORRUPT');
    expect(folderState(file)).toEqual(before);
  });

  it('backs up a workspace before migrating it, and the backup holds the data as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'older.sqlite');
    withRawDb(file, (sqlite) => {
      sqlite.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
      sqlite.exec("CREATE TABLE keepsakes (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO keepsakes (note) VALUES ('老照片')");
    });
    const now = new Date('2026-05-06T07:08:09.010Z');
    const workspace = await openWorkspace(file, { now: () => now });
    try {
      expect(workspace.sqlite.prepare('SELECT note FROM keepsakes').all()).toEqual([{ note: '老照片' }]);
      expect(await listGroups(workspace.db, {})).toEqual([]);
    } finally {
      await workspace.close();
    }
    const backups = listBackups(file);
    expect(backups.map((backup) => [backup.reason, backup.createdAt])).toEqual([['before-migration', now.toISOString()]]);
    const backup = backups[0];
    if (!backup) throw new Error('no backup');
    withRawDb(
      backup.path,
      (sqlite) => {
        expect(sqlite.prepare('SELECT note FROM keepsakes').all()).toEqual([{ note: '老照片' }]);
        expect(sqlite.prepare("SELECT name FROM sqlite_schema WHERE name IN ('groups', 'kysely_migration')").all()).toEqual([]);
      },
      { fileMustExist: true },
    );
  });

  it('runs migrations in one transaction: a migration that fails leaves the schema as it was, and says so', async () => {
    const file = path.join(tempDir(), 'half.sqlite');
    // Ours, but holding a table that migration 0001 creates last: the migration fails on its final step.
    withRawDb(file, (sqlite) => {
      sqlite.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
      sqlite.exec('CREATE TABLE audit_log (id INTEGER PRIMARY KEY, legacy TEXT)');
    });
    const schemaBefore = schemaOf(file);
    const error = await openError(file);
    expect(error).toMatchObject({ code: 'INTERNAL', messageKey: 'errors.migrationFailed', params: { migration: '0001_initial' } });
    expect(schemaOf(file)).toEqual(schemaBefore);
    withRawDb(file, (sqlite) => expect(sqlite.pragma('user_version', { simple: true })).toBe(0), { fileMustExist: true });
    // Trying again meets the same, understandable failure, not a half-migrated file.
    expect((await openError(file)).messageKey).toBe('errors.migrationFailed');
    expect(listBackups(file).every((backup) => backup.reason === 'before-migration')).toBe(true);
    expect(listBackups(file).length).toBeGreaterThan(0);
  });

  it('through the service host: a refused workspace stops the start with its error code', async () => {
    const file = path.join(tempDir(), 'junk.sqlite');
    writeRandomFile(file, 8192);
    const hash = sha256File(file);
    const error = await ServiceHostClient.start({ workspacePath: file, create: true, isDefault: false, dailyBackup: true }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).appError.code).toBe('NOT_A_WORKSPACE');
    expect(sha256File(file)).toBe(hash);
  });
});
