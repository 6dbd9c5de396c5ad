/**
 * members.export through the router: the save dialog, the host writing the .xlsx as a job with
 * progress, the view's filter and sort, the app's language (which the workspace keeps for the CLI).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../../shared/contract/channels.ts';
import { withRawDb } from '../../helpers/files.ts';
import { startTestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { readXlsx, values } from '../cli/read-xlsx.ts';
import { FIXTURES } from './helpers.ts';

const tempDir = useTempDirs('community-desk-export-');
const SLOW = { timeout: 180_000 };

function workspaceLanguage(file: string): string | undefined {
  return withRawDb(file, (sqlite) => (sqlite.prepare(`SELECT value FROM app_meta WHERE key = 'language'`).get() as { value: string } | undefined)?.value);
}

describe('members.export', SLOW, () => {
  it('writes the current view (filter and sort) after the save dialog, with progress, in the app language', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      // The workspace learns the app's language when the app starts on it and when the setting changes.
      expect(await host.value('groups.list', {})).toEqual([]);
      expect(workspaceLanguage(host.workspacePath)).toBe('zh-CN');
      host.platform.importAnswers.push(path.join(FIXTURES, 'members_gb18030.csv'));
      const chosen = await host.value('importer.chooseFile', {});
      await host.value('importer.commit', { jobId: 'i', path: chosen?.path ?? '', settings: {}, policy: 'overwrite' });

      // Dialog cancelled: no file, null.
      expect(await host.value('members.export', { jobId: 'e0', filter: {} })).toBeNull();
      expect(host.platform.calls.at(-1)).toEqual({ method: 'chooseExportPath', args: [expect.stringMatching(/^成员名单-\d{4}-\d{2}-\d{2}\.xlsx$/), 'members'] });

      const city = (await host.value('members.filterOptions', {})).cities[0]?.value ?? '';
      const out = path.join(dir, `${city}成员.xlsx`);
      host.platform.exportAnswers.push(out);
      const progress: Array<EventPayloads['job.progress']> = [];
      const stop = host.host.on('job.progress', (event) => progress.push(event));
      const result = await host.value('members.export', { jobId: 'e1', filter: { cities: [city] }, sort: { field: 'joinedOn', direction: 'asc' } });
      stop();
      const inCity = await host.value('members.window', { filter: { cities: [city] }, sort: { field: 'joinedOn', direction: 'asc' }, start: 0, limit: 500 });
      expect(result).toEqual({ path: out, rows: inCity.total });
      expect(inCity.total).toBeGreaterThan(1);
      expect(progress.at(-1)).toEqual({ jobId: 'e1', phaseKey: 'jobs.phase.export', done: inCity.total, total: inCity.total });

      const [sheet] = await readXlsx(out);
      if (!sheet) throw new Error('no sheet');
      const rows = values(sheet);
      expect(rows[0]?.slice(0, 5)).toEqual(['姓名', '昵称', '手机号', '微信号', '邮箱']);
      expect(rows.slice(1).map((row) => row[2])).toEqual(inCity.rows.map((row) => row.phone));
      expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);

      // The app switched to English: the workspace knows (for the CLI), and the next export speaks it.
      await host.value('settings.update', { language: 'en' });
      expect(workspaceLanguage(host.workspacePath)).toBe('en');
      const english = path.join(dir, 'english.xlsx');
      host.platform.exportAnswers.push(english);
      await host.value('members.export', { jobId: 'e2', filter: {} });
      const [englishSheet] = await readXlsx(english);
      expect(englishSheet && values(englishSheet)[0]?.slice(0, 5)).toEqual(['Name', 'Nickname', 'Phone', 'WeChat ID', 'E-mail']);
      expect(englishSheet?.rows).toHaveLength(61);

      // Never over the workspace file itself.
      host.platform.exportAnswers.push(host.workspacePath);
      expect(await host.call('members.export', { jobId: 'e3', filter: {} })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.copyOntoItself' } });
      expect((await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total).toBe(60);
    } finally {
      await host.stop();
    }
  });
});
