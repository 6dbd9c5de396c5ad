/**
 * The import wizard's channels end to end through the router and the service host: only files picked
 * in the dialog are read; preview; commit as a job with progress events; cancel rolls everything back;
 * undo; the problems file (original rows plus a reason column) re-read with openpyxl.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsx, values } from '../cli/read-xlsx.ts';
import { choose, FIXTURES, hasMessage, recordProgress, tableCounts, useHostRunner, writeMembersCsv } from './helpers.ts';

const withHost = useHostRunner();
const SLOW = { timeout: 180_000 };

describe('importer channels', SLOW, () => {
  it('reads only files chosen in the dialog, previews, commits with progress, re-imports to 0 new, and undoes', async () => {
    await withHost(async (host) => {
      const roster = path.join(FIXTURES, 'roster_wps.xlsx');
      // Not chosen in this session: the window cannot make the host read it.
      expect(await host.call('importer.preview', { path: roster, settings: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', messageKey: 'errors.notAChosenFile' } });
      expect(await host.call('importer.commit', { jobId: 'j0', path: '/etc/passwd', settings: {}, policy: 'skip' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await host.value('importer.chooseFile', {})).toBeNull();

      host.platform.importAnswers.push(roster);
      expect(await host.value('importer.chooseFile', {})).toEqual({ path: roster, fileName: 'roster_wps.xlsx', sizeBytes: fs.statSync(roster).size });
      const preview = await host.value('importer.preview', { path: roster, settings: {} });
      expect(preview).toMatchObject({ headerRow: 4, counts: { dataRows: 103, importableRows: 103, problems: 0 }, mappingIssues: [] });
      // What a commit would do: 100 people, three of them registered twice.
      expect(preview.estimate).toEqual({ newMembers: 100, existingMembers: 0, repeatedInFile: 3 });

      const progress = recordProgress(host);
      const result = await host.value('importer.commit', { jobId: 'import-1', path: roster, settings: preview.settings, policy: 'fill-empty' });
      progress.stop();
      expect(result).toMatchObject({ created: 100, updated: 0, mergedInFile: 3, conflicts: 0, problems: [] });
      expect(progress.events.length).toBeGreaterThan(0);
      expect(progress.events.every((event) => event.jobId === 'import-1')).toBe(true);
      // Reading the file, then building the indexes and the new members' search index: never back.
      expect([...new Set(progress.events.map((event) => event.phaseKey))]).toEqual(['jobs.phase.import', 'jobs.phase.importFinishing']);
      expect(progress.events.at(-1)).toMatchObject({ phaseKey: 'jobs.phase.importFinishing' });
      expect(progress.events.at(-1)?.done).toBe(progress.events.at(-1)?.total);
      // One bar for both phases: it only moves forward (finishing does not start it again at 0%).
      const shares = progress.events.map((event) => event.done / event.total);
      expect(shares).toEqual([...shares].sort((a, b) => a - b));
      expect(shares.at(-1)).toBe(1);
      expect(hasMessage('jobs.phase.import')).toBe(true);
      expect(hasMessage('jobs.phase.importFinishing')).toBe(true);
      expect((await host.value('members.window', { filter: { search: '15900000159' }, start: 0, limit: 10 })).rows.map((row) => row.displayName)).toEqual(['郑思远']);

      expect((await host.value('importer.preview', { path: roster, settings: preview.settings })).estimate).toEqual({ newMembers: 0, existingMembers: 100, repeatedInFile: 3 });
      const again = await host.value('importer.commit', { jobId: 'import-2', path: roster, settings: preview.settings, policy: 'overwrite' });
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 100, changeBatchId: null });

      const history = await host.value('importer.history', {});
      expect(history.map((entry) => [entry.fileName, entry.counts.created])).toEqual([
        ['roster_wps.xlsx', 0],
        ['roster_wps.xlsx', 100],
      ]);
      await host.value('importer.undo', { jobId: 'undo-1', importId: result.importId });
      expect((await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total).toBe(0);
      expect(await host.call('importer.undo', { jobId: 'undo-2', importId: result.importId })).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });
    });
  });

  it('cancel while the commit runs: CANCELLED, and the workspace exactly as before', async () => {
    await withHost(async (host, dir) => {
      await host.value('groups.create', { fields: { name: '读书会', platform: 'wechat' } });
      const file = path.join(dir, 'big.csv');
      // 30,000 rows: the reader looks 20,000 rows ahead before the transaction starts, at two thirds of the file.
      writeMembersCsv(file, 30_000);
      const chosen = await choose(host, file);
      const before = tableCounts(host.workspacePath);

      let readDuringImport: number | null = null;
      const cancelled = new Promise<void>((resolve) => {
        const stop = host.host.on('job.progress', (event) => {
          // Past the reader's look-ahead, so inside the import's transaction.
          if (event.jobId !== 'big' || event.done < event.total * 0.75) return;
          stop();
          void host.value('members.window', { filter: {}, start: 0, limit: 5 }).then((page) => {
            readDuringImport = page.total;
            return host.value('jobs.cancel', { jobId: 'big' }).then(() => resolve());
          });
        });
      });
      const result = await host.call('importer.commit', { jobId: 'big', path: chosen, settings: {}, policy: 'overwrite' });
      await cancelled;
      expect(result).toEqual({ ok: false, error: { code: 'CANCELLED', messageKey: 'errors.cancelled' } });
      // Reads during the import see the committed workspace, never half an import.
      expect(readDuringImport).toBe(0);
      expect(tableCounts(host.workspacePath)).toEqual(before);
      expect(await host.value('importer.history', {})).toEqual([]);
      expect(await host.value('jobs.cancel', { jobId: 'big' })).toEqual({ cancelled: false });
      // The host is fine afterwards: the next import goes through.
      const small = await choose(host, path.join(FIXTURES, 'members_en.csv'));
      expect((await host.value('importer.commit', { jobId: 'big', path: small, settings: {}, policy: 'overwrite' })).created).toBe(15);
    });
  });

  it('undoing a big import is a job: progress, the directory answers meanwhile, and cancel changes nothing', async () => {
    await withHost(async (host, dir) => {
      const file = path.join(dir, 'big.csv');
      writeMembersCsv(file, 30_000);
      const imported = await host.value('importer.commit', { jobId: 'big', path: await choose(host, file), settings: {}, policy: 'overwrite' });
      expect(imported.created).toBe(30_000);
      const before = tableCounts(host.workspacePath);

      let readDuringUndo: number | null = null;
      const cancelled = new Promise<void>((resolve) => {
        const stop = host.host.on('job.progress', (event) => {
          if (event.jobId !== 'undo-big') return;
          stop();
          void host.value('members.window', { filter: {}, start: 0, limit: 5 }).then((page) => {
            readDuringUndo = page.total;
            return host.value('jobs.cancel', { jobId: 'undo-big' }).then(() => resolve());
          });
        });
      });
      expect(await host.call('importer.undo', { jobId: 'undo-big', importId: imported.importId })).toEqual({ ok: false, error: { code: 'CANCELLED', messageKey: 'errors.cancelled' } });
      await cancelled;
      // Reads see the committed workspace while the undo runs: all 30,000, never half of them.
      expect(readDuringUndo).toBe(30_000);
      expect(tableCounts(host.workspacePath)).toEqual(before);
      expect((await host.value('importer.history', {}))[0]).toMatchObject({ id: imported.importId, undone: false });

      const progress = recordProgress(host);
      await host.value('importer.undo', { jobId: 'undo-big-2', importId: imported.importId });
      progress.stop();
      const events = progress.events.filter((event) => event.jobId === 'undo-big-2');
      expect(events.length).toBeGreaterThan(1);
      expect(events.every((event) => event.phaseKey === 'jobs.phase.importUndo')).toBe(true);
      expect(events.at(-1)?.done).toBe(events.at(-1)?.total);
      expect((await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total).toBe(0);
    });
  });

  it('exports the problems of an import: the original rows, as written, plus a reason column', async () => {
    await withHost(async (host, dir) => {
      const file = path.join(dir, '报名表.csv');
      fs.writeFileSync(
        file,
        ['姓名,手机,微信,所在群,入群日期', '张伟,13800138000,zhangwei88,读书会,2025-03-04', '李娜,1.38E+10,,,2025/3/5', '王芳,=cmd|x,wangfang_1,,明天', '赵六,13900139000,,不存在的群,2025-01-01'].join('\n'),
      );
      await host.value('groups.create', { fields: { name: '读书会', platform: 'wechat' } });
      const chosen = await choose(host, file);
      const result = await host.value('importer.commit', { jobId: 'p', path: chosen, settings: {}, policy: 'overwrite' });
      expect(result.created).toBe(4);
      expect(result.problems).toEqual([expect.objectContaining({ row: 5, column: '所在群', value: '不存在的群', messageKey: 'directory.importProblem.unknownGroup' })]);

      const out = path.join(dir, 'problems.xlsx');
      host.platform.exportAnswers.push(out);
      expect(await host.value('importer.exportProblems', { importId: result.importId })).toEqual({ path: out, rows: 3 });
      expect(host.platform.calls.at(-1)).toEqual({ method: 'chooseExportPath', args: ['报名表-导入问题.xlsx', 'problems'] });
      const [sheet] = await readXlsx(out);
      if (!sheet) throw new Error('no sheet');
      expect(sheet.formulaCells).toBe(0);
      const rows = values(sheet);
      expect(rows[0]).toEqual(['姓名', '手机', '微信', '所在群', '入群日期', '问题说明']);
      expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual([
        ['李娜', '1.38E+10', null, null, '2025/3/5'],
        ["王芳", "'=cmd|x", 'wangfang_1', null, '明天'],
        ['赵六', '13900139000', null, '不存在的群', '2025-01-01'],
      ]);
      expect(String(rows[1]?.[5])).toContain('科学计数法');
      expect(String(rows[2]?.[5])).toMatch(/手机[:：].*\n入群日期[:：].*明天/s);
      expect(String(rows[3]?.[5])).toContain('不存在的群');
      expect(sheet.rows.slice(1).every((row) => row.slice(0, 5).every((cell) => cell.value === null || cell.type === 's'))).toBe(true);

      // Cancelled dialog: nothing written.
      expect(await host.value('importer.exportProblems', { importId: result.importId })).toBeNull();
      // The imported file gone: every problem still listed, by row, column and value.
      fs.rmSync(file);
      const fallback = path.join(dir, 'fallback.xlsx');
      host.platform.exportAnswers.push(fallback);
      expect(await host.value('importer.exportProblems', { importId: result.importId })).toEqual({ path: fallback, rows: 4 });
      const [list] = await readXlsx(fallback);
      expect(list && values(list).map((row) => row.slice(0, 3))).toEqual([
        ['行号', '列', '内容'],
        [3, '手机', '1.38E+10'],
        [4, '手机', "'=cmd|x"],
        [4, '入群日期', '明天'],
        [5, '所在群', '不存在的群'],
      ]);
    });
  });
});
