import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { interleave, timeCalls, type BenchCase } from '../harness.ts';
import { workspaceWithGroups } from './fixtures.ts';

/**
 * Opening a workspace: a fresh file (create + every migration), and reopening one with 1,000 groups
 * (identify, quick_check, migration check). Baselines: raw better-sqlite3 running the same schema SQL on a
 * fresh file in one transaction, and a raw open running the same checks.
 */
export const workspaceOpen: BenchCase = {
  name: 'workspace-open',
  title: 'Workspace open + migrate (fresh) and reopen, vs raw better-sqlite3 doing the same SQL',
  async run({ quick, rounds, dir }) {
    const samples = quick ? 3 : 20;
    const existing = await workspaceWithGroups(dir, 1000, 'existing.sqlite');
    // The schema a migrated workspace ends with, replayed by the raw baseline.
    const schemaSql = (() => {
      const sqlite = new Sqlite(existing, { fileMustExist: true });
      try {
        // Shadow tables (of full-text indexes) are made by their virtual table, not by SQL of their own.
        return (
          sqlite
            .prepare(
              "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY rowid",
            )
            .all() as Array<{ sql: string }>
        ).map((row) => row.sql);
      } finally {
        sqlite.close();
      }
    })();
    let counter = 0;
    const freshPath = () => path.join(dir, 'fresh', `w${(counter += 1)}.sqlite`);
    fs.mkdirSync(path.join(dir, 'fresh'));

    const series = await interleave(
      [
        {
          label: 'raw create + schema',
          measure: () =>
            timeCalls(
              () => {
                const sqlite = new Sqlite(freshPath());
                sqlite.pragma('journal_mode = WAL');
                sqlite.pragma('synchronous = FULL');
                sqlite.transaction(() => {
                  for (const statement of schemaSql) sqlite.exec(statement);
                })();
                sqlite.close();
              },
              samples,
              1,
            ),
        },
        {
          label: 'open + migrate (fresh)',
          baseline: 'raw create + schema',
          measure: () =>
            timeCalls(
              async () => {
                const workspace = await openWorkspace(freshPath(), { create: true });
                await workspace.close();
              },
              samples,
              1,
            ),
        },
        {
          label: 'raw open + same checks',
          measure: () =>
            timeCalls(
              () => {
                // The statements openWorkspace runs on an up-to-date file, without the layers around them.
                const sqlite = new Sqlite(existing, { fileMustExist: true });
                sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get();
                sqlite.pragma('application_id', { simple: true });
                sqlite.pragma('quick_check');
                sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all();
                sqlite.pragma('journal_mode = WAL');
                sqlite.pragma('foreign_keys = ON');
                sqlite.pragma('synchronous = FULL');
                sqlite.pragma('busy_timeout = 5000');
                sqlite.close();
              },
              samples,
              1,
            ),
        },
        {
          label: 'reopen (1,000 groups)',
          baseline: 'raw open + same checks',
          measure: () =>
            timeCalls(
              async () => {
                const workspace = await openWorkspace(existing);
                await workspace.close();
              },
              samples,
              1,
            ),
        },
      ],
      rounds,
    );
    return { params: { samplesPerRound: samples, groupsWhenReopening: 1000 }, series };
  },
};
