import path from 'node:path';
import ExcelJS from 'exceljs';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { exportMembers, MEMBER_EXPORT_COLUMNS, memberExportColumns } from '../../../electron/services/exports/member-export.ts';
import { iterateDirectory } from '../../../electron/services/members/member-queries.ts';
import { loadSampleData } from '../../../electron/services/sample-data/sample-data.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { interleave, type BenchCase } from '../harness.ts';
import { removeDatabase, timeOnce } from './member-import.ts';

type Cell = string | number | Date | null;

/**
 * Exporting 100,000 members to .xlsx as the app and the CLI do (directory windows read from the
 * workspace, every cell typed: phones as text, dates as dates, formula-like text neutralised, header
 * frozen and filtered, written to a temporary file and renamed). Baseline: ExcelJS's streaming writer
 * writing the same rows, already in memory, with nothing else. Target ≤ 1.3×.
 */
export const memberExport: BenchCase = {
  name: 'member-export',
  title: 'Export of 100,000 members to .xlsx, vs ExcelJS streaming write of the same rows',
  async run({ quick, rounds, dir, log }) {
    const count = quick ? 1_000 : 100_000;
    const database = path.join(dir, 'members.sqlite');
    const workspace = await openWorkspace(database, { create: true, dailyBackup: false });
    try {
      await loadSampleData(workspace, { count, seed: 11 });
      // The baseline's rows: exactly the values the export writes, read beforehand.
      const t = (key: string) => translate('zh-CN', key);
      const headers = memberExportColumns('zh-CN').map((column) => column.header);
      const rows: Cell[][] = [];
      for (const chunk of iterateDirectory(workspace, { chunkSize: 500 })) {
        for (const row of chunk) {
          rows.push(
            MEMBER_EXPORT_COLUMNS.map((column) => {
              const value = column.value(row, t);
              return column.kind === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
            }),
          );
        }
      }
      log(`  ${rows.length} members, ${headers.length} columns`);
      let counter = 0;
      const out = (label: string) => path.join(dir, `${label}-${(counter += 1)}.xlsx`);
      const series = await interleave(
        [
          {
            label: 'ExcelJS stream write',
            measure: async () => [
              await timeOnce(async () => {
                const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out('baseline'), useStyles: true, useSharedStrings: false });
                const sheet = workbook.addWorksheet('成员');
                sheet.addRow(headers).commit();
                for (const row of rows) sheet.addRow(row).commit();
                sheet.commit();
                await workbook.commit();
              }),
            ],
          },
          {
            label: 'export members (service)',
            baseline: 'ExcelJS stream write',
            measure: async () => {
              let written = 0;
              const ms = await timeOnce(async () => {
                written = (await exportMembers(workspace, { path: out('export'), language: 'zh-CN' })).rows;
              });
              if (written !== count) throw new Error(`exported ${written} rows, expected ${count}`);
              return [ms];
            },
          },
        ],
        rounds,
      );
      return { params: { members: count, columns: headers.length }, series };
    } finally {
      await workspace.close();
      removeDatabase(database);
    }
  },
};
