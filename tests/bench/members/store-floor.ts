/**
 * The SQL any import of a file's rows must run, without the import's own work (reading, normalising,
 * matching, history): the rows a real import stored (members, tags, member_tags and its import batch),
 * read back, then written again into a fresh workspace as the bulk writer writes them (search index
 * upkeep suspended, directory indexes built after the rows, the search index built in slices of 1,000,
 * one transaction, one prepared INSERT per row). How far the import is from what the schema alone costs.
 */
import Sqlite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { deferDirectoryIndexes } from '../../../electron/services/members/bulk-indexes.ts';
import { indexMemberRange, suspendSearchIndexUpkeep } from '../../../electron/services/members/search-index.ts';

export interface StoredRows {
  memberColumns: string[];
  members: unknown[][];
  tags: unknown[][];
  memberTags: unknown[][];
  importBatches: unknown[][];
}

export function readStoredRows(file: string): StoredRows {
  const sqlite = new Sqlite(file, { readonly: true });
  try {
    const memberColumns = sqlite
      .prepare('SELECT * FROM members LIMIT 1')
      .columns()
      .map((column) => column.name)
      .filter((name) => name !== 'id');
    const all = (sql: string) => sqlite.prepare(sql).raw().all() as unknown[][];
    return {
      memberColumns,
      members: all(`SELECT ${memberColumns.join(', ')} FROM members ORDER BY id`),
      tags: all('SELECT name, color, created_at FROM tags ORDER BY id'),
      memberTags: all('SELECT member_id, tag_id, created_at FROM member_tags ORDER BY id'),
      importBatches: all('SELECT * FROM import_batches ORDER BY id'),
    };
  } finally {
    sqlite.close();
  }
}

/** Writes the rows into a new workspace at `file`; returns the milliseconds from BEGIN to COMMIT. */
export async function writeStoredRows(rows: StoredRows, file: string): Promise<number> {
  const workspace = await openWorkspace(file, { create: true, dailyBackup: false });
  try {
    const sqlite = workspace.sqlite;
    const batchColumns = rows.importBatches[0]?.length ?? 0;
    // The import batch row points at a change batch this bare copy does not have: it goes in first, unchecked.
    sqlite.pragma('foreign_keys = OFF');
    const insertBatch = sqlite.prepare(`INSERT INTO import_batches VALUES (${Array.from({ length: batchColumns }, () => '?').join(', ')})`);
    for (const batch of rows.importBatches) insertBatch.run(batch);
    sqlite.pragma('foreign_keys = ON');
    const insertTag = sqlite.prepare('INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?)');
    const insertMember = sqlite.prepare(`INSERT INTO members (${rows.memberColumns.join(', ')}) VALUES (${rows.memberColumns.map(() => '?').join(', ')})`);
    const insertMemberTag = sqlite.prepare('INSERT INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?)');
    const started = performance.now();
    sqlite.exec('BEGIN');
    const restoreSearchIndexUpkeep = suspendSearchIndexUpkeep(sqlite);
    const deferred = deferDirectoryIndexes(sqlite);
    for (const tag of rows.tags) insertTag.run(tag);
    for (const member of rows.members) insertMember.run(member);
    for (const memberTag of rows.memberTags) insertMemberTag.run(memberTag);
    for (const statement of deferred) sqlite.exec(statement);
    for (let afterId = 0; afterId < rows.members.length; afterId += 1_000) indexMemberRange(sqlite, afterId, Math.min(afterId + 1_000, rows.members.length));
    restoreSearchIndexUpkeep();
    sqlite.exec('COMMIT');
    return performance.now() - started;
  } finally {
    await workspace.close();
  }
}
