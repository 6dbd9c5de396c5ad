import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MIGRATION_NAMES } from '../../../../electron/db/migrations/index.ts';
import { openWorkspace } from '../../../../electron/db/workspace.ts';
import { withRawDb } from '../../../helpers/files.ts';
import { useTempDirs } from '../../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();
const REPO = path.resolve(import.meta.dirname, '../../../..');

function testFilesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((file) => path.basename(file));
}

describe('the migration list', () => {
  it('names every migration NNNN_name, in the order they run, and counts them as the schema version', () => {
    for (const name of MIGRATION_NAMES) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
    expect(MIGRATION_NAMES).toEqual(Object.keys(MIGRATIONS).sort());
    MIGRATION_NAMES.forEach((name, index) => expect(Number(name.slice(0, 4))).toBe(index + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATION_NAMES.length);
  });

  it('has one test file per migration, named after it', () => {
    const tests = new Set(testFilesUnder(path.join(REPO, 'tests/integration')));
    const missing = MIGRATION_NAMES.filter((name) => !tests.has(`${name}.test.ts`));
    expect(missing, 'add tests/integration/**/<migration>.test.ts for each migration').toEqual([]);
  });

  it('leaves a new workspace with every migration applied, stamped with the schema version', async () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const workspace = await openWorkspace(file, { create: true });
    expect(workspace.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await workspace.close();
    withRawDb(
      file,
      (sqlite) => {
        expect((sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name)).toEqual(MIGRATION_NAMES);
        expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      },
      { fileMustExist: true },
    );
  });
});
