import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { indexMemberRange, suspendSearchIndexUpkeep } from '../../../electron/services/members/search-index.ts';
import { deferDirectoryIndexes } from '../../../electron/services/members/bulk-indexes.ts';
import { SampleMemberFactory } from '../../../electron/services/sample-data/sample-generator.ts';
import type { MemberImportRow } from '../../../shared/domain/member.ts';
import { emptyDraft } from '../../../shared/domain/members/draft.ts';
import type { BenchCase, Series } from '../harness.ts';

/**
 * The store's half of an import: 100,000 normalised rows (10 columns of realistic member data, as the
 * readers hand them over) committed by `commitMemberImport` into an empty workspace — dedupe, pinyin
 * keys, indexes, search index, change log, import batch — against a raw better-sqlite3 upsert of the
 * same rows into a plain table of the same columns, in one transaction, in the same run (the issue's
 * baseline), and against a raw bulk insert of the same rows into a workspace's members table (the
 * same indexes and search index: the database work any store of these rows must do). A re-import of the
 * same rows (nothing changes) is measured too. The reader's half (ExcelJS) is the importer's case.
 */
function makeRows(count: number): MemberImportRow[] {
  const factory = new SampleMemberFactory({ count, seed: 11, groupCount: 0, today: '2026-03-01' });
  return Array.from({ length: count }, (_, index) => {
    const m = factory.make(index);
    return {
      row: index + 2,
      draft: {
        ...emptyDraft(),
        realName: m.realName,
        nickname: m.nickname,
        phone: m.phone === null ? null : { value: m.phone, original: m.phone },
        wechatId: m.wechatId,
        email: m.email,
        gender: m.gender,
        birthYear: m.birthYear,
        city: m.city,
        occupation: m.occupation,
        source: m.source,
        joinedOn: m.joinedOn,
      },
    };
  });
}

function fresh(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

export const membersImportStore: BenchCase = {
  name: 'members-import-store',
  title: 'Import commit of 100,000 normalised rows (10 columns) vs a raw better-sqlite3 upsert of the same rows',
  async run({ quick, rounds, dir }) {
    const count = quick ? 2_000 : 100_000;
    const rows = makeRows(count);
    const series: Series[] = [
      { label: 'raw upsert', rounds: [] },
      { label: 'raw insert into the members table', rounds: [], baseline: 'raw upsert' },
      { label: 'commitMemberImport (new rows)', rounds: [], baseline: 'raw upsert' },
      { label: 'commitMemberImport vs same-schema insert', rounds: [], baseline: 'raw insert into the members table' },
      { label: 'commitMemberImport (same rows again)', rounds: [], baseline: 'raw upsert' },
    ];
    for (let round = 0; round < rounds; round += 1) {
      const rawFile = path.join(dir, 'raw.sqlite');
      fresh(rawFile);
      const raw = new Sqlite(rawFile);
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = FULL');
      raw.exec(`CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, nickname TEXT, phone TEXT UNIQUE, wechat TEXT, email TEXT, gender TEXT,
        birth_year INTEGER, city TEXT, occupation TEXT, source TEXT, joined_on TEXT)`);
      const upsert = raw.prepare(`INSERT INTO members (name, nickname, phone, wechat, email, gender, birth_year, city, occupation, source, joined_on)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (phone) DO UPDATE SET name = excluded.name, city = excluded.city`);
      let started = performance.now();
      raw.transaction(() => {
        for (const { draft } of rows) {
          upsert.run(draft.realName, draft.nickname, draft.phone?.value ?? null, draft.wechatId, draft.email, draft.gender, draft.birthYear, draft.city, draft.occupation, draft.source, draft.joinedOn);
        }
      })();
      series[0]?.rounds.push([performance.now() - started]);
      raw.close();

      // The same rows straight into a workspace's members table, one prepared INSERT per row, its indexes
      // and search index built as a careful bulk load would (search triggers off for the transaction,
      // the directory's indexes built once after the rows, one set-based search index build): the
      // database work any store of these rows must do, without dedupe, pinyin keys or history.
      const schemaFile = path.join(dir, 'schema.sqlite');
      fresh(schemaFile);
      const schema = await openWorkspace(schemaFile, { create: true });
      try {
        const insert = schema.sqlite.prepare(`INSERT INTO members (display_name, real_name, nickname, phone, phone_original, wechat_id, wechat_key, email, email_key, gender,
          birth_year, city, occupation, source, joined_on, stage, name_pinyin, name_initials, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', '', '', '2026-03-01', '2026-03-01')`);
        started = performance.now();
        schema.sqlite.transaction(() => {
          const restoreSearchIndexUpkeep = suspendSearchIndexUpkeep(schema.sqlite);
          const deferredIndexes = deferDirectoryIndexes(schema.sqlite);
          for (const { draft } of rows) {
            const phone = draft.phone?.value ?? null;
            insert.run(draft.realName, draft.realName, draft.nickname, phone, phone, draft.wechatId, draft.wechatId?.toLowerCase() ?? null, draft.email, draft.email?.toLowerCase() ?? null,
              draft.gender, draft.birthYear, draft.city, draft.occupation, draft.source, draft.joinedOn);
          }
          for (const statement of deferredIndexes) schema.sqlite.exec(statement);
          indexMemberRange(schema.sqlite, 0, rows.length);
          restoreSearchIndexUpkeep();
        })();
        series[1]?.rounds.push([performance.now() - started]);
      } finally {
        await schema.close();
      }

      const file = path.join(dir, 'store.sqlite');
      fresh(file);
      const workspace = await openWorkspace(file, { create: true });
      try {
        started = performance.now();
        const first = await commitMemberImport(workspace, { fileName: 'bench.xlsx', policy: 'fill-empty', rows });
        const firstMs = performance.now() - started;
        series[2]?.rounds.push([firstMs]);
        series[3]?.rounds.push([firstMs]);
        started = performance.now();
        const again = await commitMemberImport(workspace, { fileName: 'bench.xlsx', policy: 'fill-empty', rows });
        series[4]?.rounds.push([performance.now() - started]);
        if (first.created + first.mergedInFile !== count || again.created !== 0 || again.updated !== 0) {
          throw new Error(`unexpected counts: first ${JSON.stringify(first)}, again ${JSON.stringify(again)}`);
        }
      } finally {
        await workspace.close();
      }
    }
    return { params: { rows: count, columns: 10 }, series };
  },
};
