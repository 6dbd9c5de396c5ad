import fs from 'node:fs';
import path from 'node:path';
import { EMPTY_MEMBER_FORM, type MemberForm } from '../../../shared/domain/members/member-form.ts';
import { MESSAGES } from '../../../shared/i18n/translate.ts';
import type { EventPayloads } from '../../../shared/contract/channels.ts';
import { withRawDb } from '../../helpers/files.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');


export function form(fields: Partial<MemberForm>): MemberForm {
  return { ...EMPTY_MEMBER_FORM, ...fields };
}

/** Whether an i18n key has a text in both languages. */
export function hasMessage(key: string): boolean {
  const find = (tree: object): unknown => key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), tree);
  return typeof find(MESSAGES['zh-CN']) === 'string' && typeof find(MESSAGES.en) === 'string';
}

/** A UTF-8 CSV of `rows` members with distinct phones (name, phone, city, joined date, tags). */
export function writeMembersCsv(file: string, rows: number, firstPhone = 13_800_000_000): void {
  const cities = ['北京', '上海', '广州', '深圳', '杭州', '成都'];
  const lines = ['姓名,手机号,城市,入群时间,标签'];
  for (let index = 0; index < rows; index += 1) {
    lines.push(`成员${index},${firstPhone + index},${cities[index % cities.length] ?? ''},2025-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')},读书会、第${index % 7}期`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}

const TABLES = ['members', 'memberships', 'tags', 'member_tags', 'import_batches', 'change_batches', 'audit_log', 'groups', 'members_fts'] as const;

/** Row counts of the member tables and the search index, read from the file (committed data only). */
export function tableCounts(workspace: string): Record<string, number> {
  return withRawDb(workspace, (sqlite) => Object.fromEntries(TABLES.map((table) => [table, (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n])));
}

/**
 * Runs `run` against a service host on a new workspace in a temp folder, and stops the host after.
 * Call `useHostRunner()` once per test file (its folders are removed after each test).
 */
export function useHostRunner(): <T>(run: (host: TestHost, dir: string) => Promise<T>) => Promise<T> {
  const tempDir = useTempDirs('community-desk-members-ipc-');
  return async (run) => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      return await run(host, dir);
    } finally {
      await host.stop();
    }
  };
}

/** Picks `file` in the (scripted) open dialog, which is what lets the host read it. */
export async function choose(host: TestHost, file: string): Promise<string> {
  host.platform.importAnswers.push(file);
  const chosen = await host.value('importer.chooseFile', {});
  if (chosen === null) throw new Error('the dialog was cancelled');
  return chosen.path;
}

/** Collects the host's job.progress events until `stop`. */
export function recordProgress(host: TestHost): { events: Array<EventPayloads['job.progress']>; stop: () => void } {
  const events: Array<EventPayloads['job.progress']> = [];
  const stop = host.host.on('job.progress', (payload) => events.push(payload));
  return { events, stop };
}
