import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file in a folder (not recursive) with its hash; `{}` when the folder does not exist. */
export function snapshotFolder(folder: string): Record<string, string> {
  if (!fs.existsSync(folder)) return {};
  const snapshot: Record<string, string> = {};
  for (const name of fs.readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    snapshot[name] = fs.statSync(full).isFile() ? sha256File(full) : 'dir';
  }
  return snapshot;
}

export function writeRandomFile(file: string, size: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, crypto.randomBytes(size));
}

/**
 * Opens a SQLite file outside the app, for setting up and inspecting files the app should meet.
 * Read-write by default even for reading: a read-only connection to a WAL file leaves -wal and -shm
 * files behind, which would look like changes made by the code under test.
 */
export function withRawDb<T>(file: string, run: (sqlite: Sqlite.Database) => T, options: Sqlite.Options = {}): T {
  const sqlite = new Sqlite(file, options);
  try {
    return run(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The whole schema of a SQLite file (type, name, sql), to check that a failed step left it untouched. */
export function schemaOf(file: string): Array<{ type: string; name: string; sql: string | null }> {
  return withRawDb(file, (sqlite) => sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all() as Array<{ type: string; name: string; sql: string | null }>, {
    fileMustExist: true,
  });
}

/** Overwrites part of one page (1-based, as SQLite counts) of a closed database file with junk. */
export function damagePage(file: string, pageNumber: number, options: { offset?: number; length?: number } = {}): void {
  const pageSize = fs.readFileSync(file).readUInt16BE(16);
  const size = pageSize === 1 ? 65536 : pageSize;
  const offset = options.offset ?? 0;
  const length = options.length ?? size - offset;
  const junk = Buffer.alloc(length, 0xa5);
  const handle = fs.openSync(file, 'r+');
  try {
    fs.writeSync(handle, junk, 0, length, (pageNumber - 1) * size + offset);
  } finally {
    fs.closeSync(handle);
  }
}

/** The root b-tree page of a table or index in a closed database file. */
export function rootPageOf(file: string, name: string): number {
  return withRawDb(
    file,
    (sqlite) => {
      const row = sqlite.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name) as { rootpage: number } | undefined;
      if (!row) throw new Error(`no table or index named ${name} in ${file}`);
      return row.rootpage;
    },
    { fileMustExist: true },
  );
}

export function quickCheck(file: string): string[] {
  return withRawDb(
    file,
    (sqlite) => {
      try {
        return (sqlite.pragma('quick_check') as Array<Record<string, string>>).map((row) => Object.values(row)[0] ?? '');
      } catch (error) {
        return [error instanceof Error ? error.message : String(error)];
      }
    },
    { fileMustExist: true },
  );
}
