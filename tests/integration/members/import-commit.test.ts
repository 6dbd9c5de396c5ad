import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { integrityProblems } from '../../../electron/db/workspace.ts';
import { listChanges, undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { commitMemberImport, type MemberImportInput } from '../../../electron/services/members/import-commit.ts';
import { listImportBatches, undoImport } from '../../../electron/services/members/import-history.ts';
import { getMemberProfile } from '../../../electron/services/members/member-queries.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import type { MemberImportRow } from '../../../shared/domain/member.ts';
import { addGroup, draft, memberIdByPhone, NOW, rows, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));

function importRows(list: MemberImportRow[], extra: Partial<MemberImportInput> = {}) {
  return commitMemberImport(ws, { fileName: 'members.xlsx', policy: 'fill-empty', rows: list, ...extra }, { now: NOW });
}

function count(table: string): number {
  return (ws.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function member(phone: string): Record<string, unknown> {
  return ws.sqlite.prepare('SELECT * FROM members WHERE phone = ?').get(phone) as Record<string, unknown>;
}

/** The search index triggers as stored in the schema: an import takes them away for its transaction only. */
function searchTriggers(): { name: string; sql: string }[] {
  return ws.sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'members' ORDER BY name").all() as { name: string; sql: string }[];
}

/** Every table, index and trigger as stored: a big import may rebuild indexes, never change them. */
function schema(sqlite = ws.sqlite): unknown[] {
  return sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
}

/** FTS5's automerge setting of the search index (4, FTS5's default, when never set): an import turns it off for its transaction only. */
function searchAutomerge(): number {
  return (ws.sqlite.prepare("SELECT v FROM members_fts_config WHERE k = 'automerge'").pluck().get() as number | undefined) ?? 4;
}

function hasIndex(sqlite: Sqlite.Database, name: string): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) !== undefined;
}

function newPeople(count: number, first = 0): MemberImportRow[] {
  return Array.from({ length: count }, (_, index) => ({
    row: index + 2,
    draft: draft({ realName: `成员${first + index}`, nickname: `昵称${first + index}`, phone: `137${String(first + index).padStart(8, '0')}`, city: index % 2 === 0 ? '上海' : '杭州', tags: ['新人'] }),
  }));
}

function searchTotal(text: string): number {
  return getDirectoryWindow(ws, { filter: { search: text }, start: 0, limit: 10 }).total;
}

describe('committing an import', () => {
  it('creates members with every field, tags, membership and a change batch', async () => {
    const group = addGroup(ws.sqlite, '周末读书会');
    const result = await importRows(
      rows(
        draft({
          realName: '张伟',
          nickname: '伟哥',
          phone: '13812345678',
          wechatId: 'ZhangWei_88',
          email: 'Zhang.Wei@Example.com',
          gender: 'male',
          birthYear: 1990,
          city: '上海',
          occupation: '产品经理',
          source: '朋友推荐',
          joinedOn: '2025-03-04',
          tags: ['KOL', '活跃', 'kol'],
          group: '周末读书会',
          role: 'admin',
          notes: '老会员',
          customFields: { 会员卡号: 'A-001' },
        }),
      ),
    );
    expect(result).toMatchObject({ created: 1, updated: 0, unchanged: 0, skipped: 0, conflicts: 0, problems: [] });
    const row = member('13812345678');
    expect(row).toMatchObject({
      display_name: '张伟',
      real_name: '张伟',
      nickname: '伟哥',
      phone_original: '13812345678',
      wechat_id: 'ZhangWei_88',
      wechat_key: 'zhangwei_88',
      email: 'Zhang.Wei@Example.com',
      email_key: 'zhang.wei@example.com',
      gender: 'male',
      birth_year: 1990,
      city: '上海',
      stage: 'new',
      notes: '老会员',
      custom_json: '{"会员卡号":"A-001"}',
      name_pinyin: 'zhangwei',
      name_initials: 'zw',
      import_id: result.importId,
      is_sample: 0,
    });
    const profile = getMemberProfile(ws, Number(row.id));
    expect(profile.tags.map((tag) => tag.name)).toEqual(['KOL', '活跃']);
    expect(profile.memberships).toEqual([
      { id: expect.any(Number), groupId: group, groupName: '周末读书会', role: 'admin', groupNickname: '伟哥', joinedOn: '2025-03-04', leftOn: null },
    ]);
    expect(profile.imports).toEqual([{ importId: result.importId, fileName: 'members.xlsx', at: NOW, effect: 'created', undone: false }]);
    expect(searchTotal('zhangwei')).toBe(1);
    expect(searchTotal('zw')).toBe(1);
    expect(searchTotal('5678')).toBe(1);
    expect(searchTotal('伟哥')).toBe(1);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    expect((await listChanges(ws.db, 5)).map((change) => change.actionKey)).toEqual(['directory.history.import']);
    expect(listImportBatches(ws)[0]).toMatchObject({ fileName: 'members.xlsx', counts: { created: 1 }, undone: false });
  });

  it('deduplicates by phone, WeChat ID and e-mail (case-insensitive) inside the file, never by name', async () => {
    const result = await importRows(
      rows(
        draft({ realName: '李娜', phone: '13900001111' }),
        draft({ realName: '李娜', email: 'LiNa@QQ.com', phone: '13900001111', city: '杭州' }),
        draft({ realName: '李娜（小号）', email: 'lina@qq.com', joinedOn: '2024-01-01' }),
        draft({ realName: '李娜', phone: '13900002222' }),
        draft({ realName: '王芳', wechatId: 'WangFang' }),
        draft({ realName: '王芳', wechatId: 'wangfang', city: '北京' }),
      ),
    );
    expect(result).toMatchObject({ created: 3, mergedInFile: 3, conflicts: 0 });
    expect(count('members')).toBe(3);
    const lina = member('13900001111');
    // The first row wins; later rows of the same person only fill empty fields.
    expect(lina).toMatchObject({ real_name: '李娜', email: 'LiNa@QQ.com', city: '杭州', joined_on: '2024-01-01', aliases: '李娜（小号）' });
    expect(member('13900002222')).toMatchObject({ real_name: '李娜' });
    expect(ws.sqlite.prepare("SELECT city FROM members WHERE wechat_key = 'wangfang'").get()).toEqual({ city: '北京' });
  });

  it('matches members already in the workspace and fills only empty fields by default', async () => {
    await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '上海', email: 'zm@qq.com' })));
    const before = member('13700001234');
    const result = await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '北京', occupation: '教师', email: 'ZM@QQ.COM' })));
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(member('13700001234')).toMatchObject({ id: before.id, city: '上海', occupation: '教师', email: 'zm@qq.com' });
  });

  it('overwrites with the file’s values under "overwrite", but never clears a field with a blank cell', async () => {
    await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '上海', gender: 'female', notes: '备注' })));
    const result = await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '北京', gender: 'unknown' })), { policy: 'overwrite' });
    expect(result).toMatchObject({ updated: 1 });
    expect(member('13700001234')).toMatchObject({ city: '北京', gender: 'female', notes: '备注' });
  });

  it('leaves existing members alone under "skip"', async () => {
    await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '上海' })));
    const before = snapshotTables(ws.sqlite);
    const result = await importRows(rows(draft({ realName: '赵敏', phone: '13700001234', city: '北京', tags: ['新'] }), draft({ realName: '新人', phone: '13700009999' })), {
      policy: 'skip',
    });
    expect(result).toMatchObject({ created: 1, skipped: 1, updated: 0 });
    expect(member('13700001234')).toEqual((before.members as Array<Record<string, unknown>>)[0]);
    expect(count('member_tags')).toBe(0);
  });

  it('reports a row whose keys point at two different members as a conflict and applies nothing of it', async () => {
    await importRows(rows(draft({ realName: '甲', phone: '13600000001' }), draft({ realName: '乙', email: 'yi@example.com' })));
    const before = snapshotTables(ws.sqlite);
    const result = await importRows(rows(draft({ realName: '甲乙', phone: '13600000001', email: 'YI@example.com', city: '深圳' })));
    expect(result).toMatchObject({ created: 0, updated: 0, conflicts: 1 });
    expect(result.problems).toEqual([
      { row: 2, column: '', value: '13600000001 / yi@example.com', messageKey: 'directory.importProblem.conflict', params: { members: expect.stringContaining('甲') } },
    ]);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(result.changeBatchId).toBeNull();
  });

  it('changes nothing when the same rows are imported again (and puts nothing on the undo stack)', async () => {
    addGroup(ws.sqlite, '跑团');
    const list = rows(
      draft({ realName: '周杰', phone: '13500000001', tags: ['跑步'], group: '跑团', nickname: '杰哥', inviter: '13500000002' }),
      draft({ realName: '吴磊', phone: '13500000002', customFields: { 尺码: 'L' }, joinedOn: '2024-02-02' }),
      draft({ realName: '吴磊', phone: '13500000002', email: 'wl@example.com' }),
      draft({ nickname: '无名氏', city: '成都' }),
    );
    const first = await importRows(list);
    expect(first).toMatchObject({ created: 3, mergedInFile: 1 });
    const before = snapshotTables(ws.sqlite);
    const changes = await listChanges(ws.db, 10);
    for (const policy of ['fill-empty', 'overwrite', 'skip'] as const) {
      const again = await importRows(list, { policy });
      expect(again, policy).toMatchObject({ created: 0, updated: 0, conflicts: 0, changeBatchId: null });
      expect(snapshotTables(ws.sqlite)).toEqual(before);
    }
    expect(await listChanges(ws.db, 10)).toEqual(changes);
    expect(listImportBatches(ws)).toHaveLength(4);
  });

  it('is undone as a whole: the workspace is exactly as before, search index included', async () => {
    const group = addGroup(ws.sqlite, '读书会');
    await importRows(rows(draft({ realName: '老会员', phone: '13400000001', tags: ['老'], group: '读书会' }), draft({ realName: '另一位', phone: '13400000002' })));
    const before = snapshotTables(ws.sqlite);
    const searchBefore = ['老会员', '0001', 'laohuiyuan', 'lhy'].map(searchTotal);
    const result = await importRows(
      rows(
        draft({ realName: '老会员', phone: '13400000001', city: '南京', tags: ['老', '新标签'], group: '读书会', role: 'owner', nickname: '老王' }),
        draft({ realName: '新人甲', phone: '13400000003', tags: ['新标签'], group: '读书会', inviter: '老会员' }),
        draft({ realName: '新人乙', wechatId: 'xinren_b', inviter: '新人甲' }),
      ),
      { policy: 'overwrite' },
    );
    expect(result).toMatchObject({ created: 2, updated: 1, problems: [] });
    expect(ws.sqlite.prepare('SELECT role, group_nickname FROM memberships WHERE group_id = ? AND member_id = ?').get(group, memberIdByPhone(ws.sqlite, '13400000001'))).toEqual({
      role: 'owner',
      group_nickname: '老王',
    });
    await undoImport(ws, result.importId, { now: NOW });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(['老会员', '0001', 'laohuiyuan', 'lhy'].map(searchTotal)).toEqual(searchBefore);
    expect(searchTotal('新人')).toBe(0);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    expect(listImportBatches(ws)[0]).toMatchObject({ id: result.importId, undone: true });
    expect(integrityProblems(ws.sqlite, 'integrity_check')).toEqual([]);
    await expect(undoImport(ws, result.importId, { now: NOW })).rejects.toMatchObject({ appError: { code: 'NOTHING_TO_UNDO' } });
  });

  it('refuses to undo an import that later changes build on, until those are undone', async () => {
    const first = await importRows(rows(draft({ realName: '甲', phone: '13300000001' })));
    await importRows(rows(draft({ realName: '乙', phone: '13300000002' })));
    await expect(undoImport(ws, first.importId, { now: NOW })).rejects.toMatchObject({ appError: { code: 'CONFLICT', messageKey: 'directory.errors.undoImportNotLast' } });
    await undoLastChange(ws.db, NOW);
    await undoImport(ws, first.importId, { now: NOW });
    expect(count('members')).toBe(0);
  });

  it('links inviters by WeChat ID, name + phone, phone, or nickname, within the file or the workspace', async () => {
    await importRows(rows(draft({ realName: '老带新', phone: '13200000001', wechatId: 'laodaixin' }), draft({ realName: '同名', phone: '13200000002' })));
    await importRows(rows(draft({ realName: '同名', phone: '13200000003' })));
    const result = await importRows(
      rows(
        draft({ realName: '甲', phone: '13200000010', inviter: 'LaoDaiXin' }),
        draft({ realName: '乙', phone: '13200000011', inviter: '同名 132-0000-0003' }),
        draft({ realName: '丙', phone: '13200000012', inviter: '丁丁' }),
        draft({ realName: '丁', phone: '13200000013', nickname: '丁丁', inviter: '13200000001' }),
        draft({ realName: '戊', phone: '13200000014', inviter: '同名' }),
        draft({ realName: '己', phone: '13200000015', inviter: '查无此人' }),
        draft({ realName: '庚', phone: '13200000016', inviter: '庚' }),
      ),
    );
    const inviterOf = (phone: string) => ws.sqlite.prepare('SELECT i.phone FROM members AS m LEFT JOIN members AS i ON i.id = m.inviter_id WHERE m.phone = ?').pluck().get(phone);
    expect(inviterOf('13200000010')).toBe('13200000001');
    expect(inviterOf('13200000011')).toBe('13200000003');
    expect(inviterOf('13200000012')).toBe('13200000013');
    expect(inviterOf('13200000013')).toBe('13200000001');
    expect(inviterOf('13200000014')).toBeNull();
    expect(inviterOf('13200000015')).toBeNull();
    expect(inviterOf('13200000016')).toBeNull();
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.messageKey])).toEqual([
      [6, 'inviter', 'directory.importProblem.inviterAmbiguous'],
      [7, 'inviter', 'directory.importProblem.inviterNotFound'],
      [8, 'inviter', 'directory.importProblem.inviterIsSelf'],
    ]);
    const profile = getMemberProfile(ws, memberIdByPhone(ws.sqlite, '13200000001'));
    expect(profile.invitees.map((invitee) => invitee.phone).sort()).toEqual(['13200000010', '13200000013']);
  });

  it('reports unknown groups and empty rows by row number, and still imports the member', async () => {
    const result = await importRows(rows(draft({ realName: '甲', phone: '13100000001', group: '不存在的群' }), draft({}), draft({ city: '上海' })));
    expect(result).toMatchObject({ created: 1, empty: 2 });
    expect(result.problems).toEqual([
      { row: 2, column: 'group', value: '不存在的群', messageKey: 'directory.importProblem.unknownGroup', params: { group: '不存在的群' } },
      { row: 3, column: '', value: '', messageKey: 'directory.importProblem.empty' },
      { row: 4, column: '', value: '', messageKey: 'directory.importProblem.empty' },
    ]);
  });

  it('keeps the reader’s problems and counts in the import history', async () => {
    const readerProblems = [{ row: 9, column: '手机', value: '1.38E+10', messageKey: 'members.importProblem.phoneScientific' }];
    const result = await importRows(rows(draft({ realName: '甲', phone: '13100000001' })), { readerProblems, readerCounts: { blankRows: 2, summaryRows: 1 }, mapping: { 手机: { kind: 'field', field: 'phone' } } });
    const stored = ws.sqlite.prepare('SELECT problems_json, counts_json, mapping_json FROM import_batches WHERE id = ?').get(result.importId) as Record<string, string>;
    expect(JSON.parse(stored.problems_json ?? '[]')).toEqual(readerProblems);
    expect(JSON.parse(stored.counts_json ?? '{}')).toMatchObject({ created: 1, blankRows: 2, summaryRows: 1 });
    expect(JSON.parse(stored.mapping_json ?? '{}')).toEqual({ 手机: { kind: 'field', field: 'phone' } });
  });

  it('streams rows from an async iterable in chunks, reports progress and leaves nothing behind on cancel', async () => {
    const before = snapshotTables(ws.sqlite);
    const triggers = searchTriggers();
    const tablesAndIndexes = schema();
    expect(triggers.map((trigger) => trigger.name)).toEqual(['members_fts_delete', 'members_fts_insert', 'members_fts_update']);
    const controller = new AbortController();
    const progress: number[] = [];
    async function* stream(): AsyncGenerator<MemberImportRow> {
      // 12,000: the search index of new members is built in slices of 5,000; every slice must land.
      for (let index = 0; index < 12_000; index += 1) {
        yield { row: index + 2, draft: draft({ realName: `成员${index}`, phone: `138000${String(index).padStart(5, '0')}` }) };
      }
    }
    const run = commitMemberImport(ws, { fileName: 'big.csv', policy: 'fill-empty', rows: stream() }, {
      now: NOW,
      chunkSize: 1_000,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done >= 3_000) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(progress).toEqual([1_000, 2_000, 3_000]);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(count('import_batches')).toBe(0);
    expect(count('change_batches')).toBe(0);
    expect(searchTriggers()).toEqual(triggers);
    expect(searchAutomerge()).toBe(4);
    // The indexes it was going to build at the end are back too.
    expect(schema()).toEqual(tablesAndIndexes);
    const finishing: [number, number][] = [];
    const done = await commitMemberImport(ws, { fileName: 'big.csv', policy: 'fill-empty', rows: stream() }, { now: NOW, chunkSize: 1_000, onFinishing: (step, steps) => finishing.push([step, steps]) });
    expect(done.created).toBe(12_000);
    // After the rows: the 15 indexes of members and member_tags built at the end and 12 slices of search index, each reported.
    expect(finishing).toEqual(Array.from({ length: 28 }, (_, step) => [step, 27]));
    expect(searchTotal('13800000000')).toBe(1);
    expect(searchTotal('13800005000')).toBe(1);
    expect(searchTotal('13800011999')).toBe(1);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    // The triggers are back exactly as they were: a member edited after the import is found by its new phone.
    expect(searchTriggers()).toEqual(triggers);
    expect(schema()).toEqual(tablesAndIndexes);
    expect(searchAutomerge()).toBe(4);
    ws.sqlite.prepare("UPDATE members SET phone = '13911112222' WHERE phone = '13800011999'").run();
    expect(searchTotal('13911112222')).toBe(1);
    expect(searchTotal('13800011999')).toBe(0);
  });

  it('builds the directory’s indexes once at the end when many new members come into a small workspace; readers keep theirs meanwhile', async () => {
    const tablesAndIndexes = schema();
    const reader = new Sqlite(ws.path, { readonly: true });
    const seen: { writer: boolean; reader: boolean; readerCity: number }[] = [];
    try {
      const result = await commitMemberImport(ws, { fileName: 'list.xlsx', policy: 'fill-empty', rows: newPeople(3_000) }, {
        now: NOW,
        chunkSize: 1_000,
        onProgress: (done) => {
          if (done < 3_000) {
            seen.push({
              writer: hasIndex(ws.sqlite, 'members_city'),
              reader: hasIndex(reader, 'members_city'),
              readerCity: (reader.prepare("SELECT count(*) AS n FROM members WHERE city = '上海'").get() as { n: number }).n,
            });
          }
        },
      });
      expect(result.created).toBe(3_000);
      // While the rows went in, the import's own connection had no city index; a reader had it, and saw none of the new rows.
      expect(seen).toEqual([
        { writer: false, reader: true, readerCity: 0 },
        { writer: false, reader: true, readerCity: 0 },
      ]);
    } finally {
      reader.close();
    }
    expect(schema()).toEqual(tablesAndIndexes);
    expect(integrityProblems(ws.sqlite, 'integrity_check')).toEqual([]);
    expect(getDirectoryWindow(ws, { filter: { cities: ['上海'] }, sort: { field: 'nickname', direction: 'asc' }, start: 0, limit: 2 }).rows.map((row) => row.nickname)).toEqual(['昵称0', '昵称10']);
    expect(searchTotal('13700002999')).toBe(1);
  });

  it('keeps the indexes in place when the members it would add are few next to those already there, or none at all', async () => {
    // 10,000 members already: a rebuild would re-read them all.
    await importRows(newPeople(10_000));
    const writerHadCity: boolean[] = [];
    const watch = { now: NOW, chunkSize: 500, onProgress: () => writerHadCity.push(hasIndex(ws.sqlite, 'members_city')) };
    const more = await commitMemberImport(ws, { fileName: 'more.xlsx', policy: 'fill-empty', rows: newPeople(1_000, 10_000) }, watch);
    expect(more.created).toBe(1_000);
    // The same file again creates nobody, so nothing is rebuilt either.
    const again = await commitMemberImport(ws, { fileName: 'more.xlsx', policy: 'fill-empty', rows: newPeople(1_000, 10_000) }, watch);
    expect(again.created).toBe(0);
    expect(writerHadCity).toEqual(Array.from({ length: 6 }, () => true));
    expect(getDirectoryWindow(ws, { filter: { cities: ['杭州'] }, start: 0, limit: 1 }).total).toBe(5_500);
  });

  it('treats a row without phone, WeChat ID or e-mail as the same person only when the same row comes again', async () => {
    const list = rows(draft({ realName: '王小明', city: '上海', joinedOn: '2024-01-01' }), draft({ realName: '王小明', city: '北京' }));
    expect(await importRows(list)).toMatchObject({ created: 2 });
    expect(await importRows(list)).toMatchObject({ created: 0, unchanged: 2 });
    expect(count('members')).toBe(2);
  });
});
