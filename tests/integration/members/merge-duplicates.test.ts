import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { listChanges, undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { dismissDuplicate, findDuplicatePairs, findDuplicatesFor } from '../../../electron/services/members/duplicates.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { createMember } from '../../../electron/services/members/member-commands.ts';
import { getMemberProfile } from '../../../electron/services/members/member-queries.ts';
import { mergeMembers } from '../../../electron/services/members/merge.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import type { MemberDraft } from '../../../shared/domain/member.ts';
import { addGroup, draft, edit, memberIdByPhone, NOW, rows, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));

async function seed(...drafts: MemberDraft[]): Promise<void> {
  await commitMemberImport(ws, { fileName: 'seed.csv', policy: 'fill-empty', rows: rows(...drafts) }, { now: NOW });
}

async function add(fields: Parameters<typeof edit>[0]): Promise<number> {
  return (await createMember(ws, edit(fields), { allowDuplicates: true, now: NOW })).id;
}

describe('duplicate finder', () => {
  it('lists pairs with the reason: same phone, WeChat ID, e-mail; same name with a similar phone or nickname', async () => {
    const a = await add({ realName: '陈静', phone: '13811112222', nickname: '静静' });
    const b = await add({ realName: '陈静', phone: '13811112222' });
    const c = await add({ realName: '刘洋', wechatId: 'LiuYang88' });
    const d = await add({ realName: '刘洋 ', wechatId: 'liuyang88' });
    const e = await add({ realName: '周敏', email: 'ZM@qq.com' });
    const f = await add({ realName: '周敏敏', email: 'zm@QQ.com' });
    const g = await add({ realName: '陈静', phone: '15911112222' });
    const h = await add({ realName: '陈静', nickname: '静 静 🌸' });
    await add({ realName: '陈静', phone: '13900000000' });
    await add({ realName: '无关', phone: '13800000001' });
    const { total, pairs } = findDuplicatePairs(ws);
    const simple = pairs.map((pair) => [pair.a.id, pair.b.id, pair.reasons]);
    expect(simple).toEqual([
      [a, b, ['samePhone']],
      [c, d, ['sameWechat']],
      [e, f, ['sameEmail']],
      [a, g, ['sameNameSimilarPhone']],
      [a, h, ['sameNameSimilarNickname']],
    ]);
    expect(total).toBe(5);
    expect(pairs[0]?.a).toEqual({ id: a, displayName: '陈静', phone: '13811112222', wechatId: null, email: null });
  });

  it('remembers "not a duplicate" (undoably), and the pair no longer shows', async () => {
    const a = await add({ realName: '陈静', phone: '13811112222' });
    const b = await add({ realName: '陈静', phone: '13811112222' });
    expect(findDuplicatePairs(ws).total).toBe(1);
    const { changeBatchId } = await dismissDuplicate(ws, b, a, NOW);
    expect(changeBatchId).not.toBeNull();
    expect(findDuplicatePairs(ws).total).toBe(0);
    expect(findDuplicatesFor(ws, edit({ realName: '陈静', phone: '13811112222' }), a)).toEqual([]);
    expect(await dismissDuplicate(ws, a, b, NOW)).toEqual({ changeBatchId: null });
    await undoLastChange(ws.db, NOW);
    expect(findDuplicatePairs(ws).total).toBe(1);
    await expect(dismissDuplicate(ws, a, a, NOW)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
  });

  it('warns about a person being added: every likely match with its reasons', async () => {
    const a = await add({ realName: '陈静', phone: '13811112222', wechatId: 'cj', nickname: '静静' });
    const b = await add({ realName: '陈静', phone: '15911112222' });
    const matches = findDuplicatesFor(ws, edit({ realName: '陈静', phone: '17711112222', wechatId: 'CJ', nickname: '静静' }));
    expect(matches).toEqual([
      { member: expect.objectContaining({ id: a }), reasons: ['sameWechat', 'sameNameSimilarPhone', 'sameNameSimilarNickname'] },
      { member: expect.objectContaining({ id: b }), reasons: ['sameNameSimilarPhone'] },
    ]);
    expect(findDuplicatesFor(ws, edit({ realName: '陈静' }))).toEqual([]);
  });
});

describe('merge', () => {
  it('keeps every membership, tag, note, custom field, name and referral link, and undo restores both exactly', async () => {
    const reading = addGroup(ws.sqlite, '读书会');
    const running = addGroup(ws.sqlite, '跑团');
    await seed(
      draft({ realName: '老会员', phone: '13700000000' }),
      draft({ realName: '陈静', phone: '13811112222', nickname: '静静', city: '上海', tags: ['KOL'], group: '读书会', role: 'member', joinedOn: '2024-05-01', notes: '线下活动常客', customFields: { 尺码: 'M' }, inviter: '13700000000' }),
      draft({ realName: '陈静', phone: '15911112222', wechatId: 'cjwx88', email: 'cj@example.com', occupation: '设计师', tags: ['KOL', '讲师'], group: '读书会', role: 'admin', joinedOn: '2023-01-01', notes: '讲过两次课', customFields: { 尺码: 'L', 会员卡: 'A1' } }),
      draft({ realName: '新人', phone: '13600000000', inviter: '15911112222' }),
    );
    const keep = memberIdByPhone(ws.sqlite, '13811112222');
    const gone = memberIdByPhone(ws.sqlite, '15911112222');
    await commitMemberImport(ws, { fileName: 'run.csv', policy: 'fill-empty', rows: rows(draft({ phone: '15911112222', group: '跑团', nickname: '小静' })) }, { now: NOW });
    await dismissDuplicate(ws, keep, memberIdByPhone(ws.sqlite, '13600000000'), NOW);
    const before = snapshotTables(ws.sqlite);

    const merged = await mergeMembers(ws, keep, gone, NOW);
    expect(merged).toMatchObject({
      id: keep,
      displayName: '陈静',
      phone: '13811112222',
      wechatId: 'cjwx88',
      email: 'cj@example.com',
      city: '上海',
      occupation: '设计师',
      joinedOn: '2023-01-01',
      notes: '线下活动常客\n\n讲过两次课',
      customFields: { 尺码: 'M', 会员卡: 'A1', 'merged.phone': '15911112222' },
    });
    expect(merged.aliases).toContain('小静');
    const profile = getMemberProfile(ws, keep);
    expect(profile.memberships.map((s) => [s.groupId, s.role, s.joinedOn]).sort()).toEqual([
      [reading, 'admin', '2023-01-01'],
      [running, 'member', null],
    ]);
    expect(profile.tags.map((tag) => tag.name)).toEqual(['KOL', '讲师']);
    expect(profile.inviter?.phone).toBe('13700000000');
    expect(profile.invitees.map((invitee) => invitee.phone)).toEqual(['13600000000']);
    expect(profile.mergedFrom).toEqual([{ id: gone, displayName: '陈静', at: NOW }]);
    expect(profile.imports.map((entry) => entry.fileName)).toEqual(['seed.csv', 'seed.csv', 'run.csv']);
    expect(ws.sqlite.prepare('SELECT count(*) AS n FROM members WHERE id = ?').get(gone)).toEqual({ n: 0 });
    expect(getDirectoryWindow(ws, { filter: { search: '15911112222' }, start: 0, limit: 5 }).rows.map((row) => row.id)).toEqual([keep]);
    expect(getDirectoryWindow(ws, { filter: { search: 'cjwx88' }, start: 0, limit: 5 }).rows.map((row) => row.id)).toEqual([keep]);
    expect((await listChanges(ws.db, 1))[0]).toMatchObject({ actionKey: 'directory.history.merge', params: { kept: '陈静', merged: '陈静' } });
    // The merged record's phone still leads to the person: a new import updates the kept member, and a new form warns.
    const again = await commitMemberImport(ws, { fileName: 'again.csv', policy: 'fill-empty', rows: rows(draft({ realName: '陈静', phone: '15911112222', interests: '瑜伽' })) }, { now: NOW });
    expect(again).toMatchObject({ created: 0, updated: 1 });
    expect(getMemberProfile(ws, keep).member.interests).toBe('瑜伽');
    expect(findDuplicatesFor(ws, edit({ realName: '某人', phone: '15911112222' })).map((match) => [match.member.id, match.reasons])).toEqual([[keep, ['samePhone']]]);
    await undoLastChange(ws.db, NOW);

    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    expect(getDirectoryWindow(ws, { filter: { search: 'cjwx88' }, start: 0, limit: 5 }).rows.map((row) => row.id)).toEqual([gone]);
  });

  it('merges a member into the one who invited it without making anyone their own inviter', async () => {
    await seed(draft({ realName: '甲', phone: '13100000001' }), draft({ realName: '甲', phone: '13100000002', inviter: '13100000001' }));
    const inviter = memberIdByPhone(ws.sqlite, '13100000001');
    const invitee = memberIdByPhone(ws.sqlite, '13100000002');
    expect((await mergeMembers(ws, invitee, inviter, NOW)).inviterId).toBeNull();
    await undoLastChange(ws.db, NOW);
    expect((await mergeMembers(ws, inviter, invitee, NOW)).inviterId).toBeNull();
  });

  it('refuses to merge a member with itself or with nobody', async () => {
    const a = await add({ realName: '甲', phone: '13100000001' });
    await expect(mergeMembers(ws, a, a, NOW)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(mergeMembers(ws, a, 999, NOW)).rejects.toMatchObject({ appError: { code: 'NOT_FOUND', messageKey: 'directory.errors.memberNotFound' } });
  });
});
