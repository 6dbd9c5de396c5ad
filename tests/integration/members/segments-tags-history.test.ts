import { beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { setMembersStage } from '../../../electron/services/members/bulk-actions.ts';
import { countMembers } from '../../../electron/services/members/directory-queries.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { deleteImportTemplate, getImportBatch, getImportProblems, listImportTemplates, saveImportTemplate } from '../../../electron/services/members/import-history.ts';
import { createSegment, deleteSegment, getSegment, listSegments, updateSegment } from '../../../electron/services/members/segments.ts';
import { createTag, deleteTag, listTags, updateTag } from '../../../electron/services/members/tags.ts';
import { draft, NOW, rows, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));
beforeEach(async () => {
  await commitMemberImport(
    ws,
    {
      fileName: 'seed.csv',
      policy: 'fill-empty',
      rows: rows(...Array.from({ length: 12 }, (_, index) => draft({ realName: `成员${index}`, phone: `1380000${String(index).padStart(4, '0')}`, city: index < 5 ? '上海' : '北京', tags: index % 3 === 0 ? ['活跃'] : [] }))),
    },
    { now: NOW },
  );
});

describe('segments', () => {
  it('saves named filters with live counts; rename, change and delete are undoable', async () => {
    const segment = await createSegment(ws, ' 上海成员 ', { cities: ['上海'] }, NOW);
    expect(segment).toMatchObject({ name: '上海成员', filter: { cities: ['上海'] }, count: 5 });
    const loyal = await createSegment(ws, '忠实', { stages: ['loyal'] }, NOW);
    expect(loyal.count).toBe(0);
    await setMembersStage(ws, { filter: { cities: ['北京'] } }, 'loyal', { now: NOW });
    expect(listSegments(ws).map((entry) => [entry.name, entry.count])).toEqual([
      ['上海成员', 5],
      ['忠实', 7],
    ]);
    await expect(createSegment(ws, '上海成员', {}, NOW)).rejects.toMatchObject({ appError: { code: 'CONFLICT', issues: [{ path: 'name', messageKey: 'directory.errors.segmentNameTaken' }] } });
    await expect(createSegment(ws, '坏的', { cities: 'x' } as never, NOW)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    const before = snapshotTables(ws.sqlite, ['segments']);
    const changed = await updateSegment(ws, segment.id, { name: '上海活跃', filter: { cities: ['上海'], search: '成员' } }, NOW);
    expect(changed).toMatchObject({ name: '上海活跃', count: 5 });
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite, ['segments'])).toEqual(before);
    await deleteSegment(ws, loyal.id, NOW);
    await expect(() => getSegment(ws, loyal.id)).toThrow(expect.objectContaining({ appError: expect.objectContaining({ code: 'NOT_FOUND' }) }));
    await undoLastChange(ws.db, NOW);
    expect(getSegment(ws, loyal.id).count).toBe(7);
  });
});

describe('tags', () => {
  it('lists tags with member counts; rename, colour and delete (taken off every member) are undoable', async () => {
    expect(listTags(ws)).toEqual([{ id: expect.any(Number), name: '活跃', color: null, memberCount: 4 }]);
    const tag = listTags(ws)[0]?.id ?? 0;
    const before = snapshotTables(ws.sqlite);
    await updateTag(ws, tag, { name: '很活跃', color: '#f50' }, NOW);
    expect(listTags(ws)[0]).toMatchObject({ name: '很活跃', color: '#f50', memberCount: 4 });
    await createTag(ws, 'KOL', null, NOW);
    await expect(createTag(ws, 'kol', null, NOW)).rejects.toMatchObject({ appError: { code: 'CONFLICT' } });
    await expect(updateTag(ws, tag, { name: 'KOL' }, NOW)).rejects.toMatchObject({ appError: { code: 'CONFLICT' } });
    expect(await deleteTag(ws, tag, NOW)).toEqual({ id: tag, members: 4 });
    expect(countMembers(ws, { tagIds: [tag] })).toBe(0);
    await undoLastChange(ws.db, NOW);
    await undoLastChange(ws.db, NOW);
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
  });
});

describe('import history and templates', () => {
  it('keeps each import with its mapping and problems', async () => {
    const result = await commitMemberImport(
      ws,
      { fileName: 'more.xlsx', sheet: '名单', policy: 'overwrite', mapping: { 姓名: { kind: 'field', field: 'realName' } }, rows: rows(draft({}), draft({ realName: '新', phone: '13900000000' })) },
      { now: NOW },
    );
    expect(getImportBatch(ws, result.importId)).toMatchObject({
      fileName: 'more.xlsx',
      sheet: '名单',
      policy: 'overwrite',
      counts: { created: 1, empty: 1 },
      problemCount: 1,
      undone: false,
      mapping: { 姓名: { kind: 'field', field: 'realName' } },
    });
    expect(getImportProblems(ws, result.importId)).toEqual([{ row: 2, column: '', value: '', messageKey: 'directory.importProblem.empty' }]);
    expect(() => getImportBatch(ws, 999)).toThrow(expect.objectContaining({ appError: expect.objectContaining({ code: 'NOT_FOUND' }) }));
  });

  it('saves mapping templates by name (same name replaces), deletes them, all undoable', async () => {
    const saved = await saveImportTemplate(ws, '报名表', { 姓名: { kind: 'field', field: 'realName' } }, NOW);
    await saveImportTemplate(ws, '报名表', { 手机: { kind: 'field', field: 'phone' }, 卡号: { kind: 'custom', name: '卡号' } }, NOW);
    expect(listImportTemplates(ws)).toEqual([{ id: saved.id, name: '报名表', mapping: { 手机: { kind: 'field', field: 'phone' }, 卡号: { kind: 'custom', name: '卡号' } }, updatedAt: NOW }]);
    await deleteImportTemplate(ws, saved.id, NOW);
    expect(listImportTemplates(ws)).toEqual([]);
    await undoLastChange(ws.db, NOW);
    await undoLastChange(ws.db, NOW);
    expect(listImportTemplates(ws)[0]?.mapping).toEqual({ 姓名: { kind: 'field', field: 'realName' } });
    await expect(saveImportTemplate(ws, ' ', {}, NOW)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
  });
});
