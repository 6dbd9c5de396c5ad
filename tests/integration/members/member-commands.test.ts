import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { listChanges, undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { createMember, deleteMembership, saveMembership, updateMember } from '../../../electron/services/members/member-commands.ts';
import { getMemberProfile } from '../../../electron/services/members/member-queries.ts';
import { addGroup, edit, NOW, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));

const search = (text: string) => getDirectoryWindow(ws, { filter: { search: text }, start: 0, limit: 10 }).rows.map((row) => row.id);

describe('adding and editing a member by hand', () => {
  it('adds a member with tags and search keys, as one undoable change', async () => {
    const before = snapshotTables(ws.sqlite);
    const member = await createMember(ws, edit({ realName: '曾小贤', phone: '13812345678', wechatId: 'ZengXX', tags: ['主持人'], customFields: { 节目: '你的月亮我的心' } }), { now: NOW });
    expect(member).toMatchObject({ displayName: '曾小贤', stage: 'new', wechatId: 'ZengXX', customFields: { 节目: '你的月亮我的心' } });
    expect(search('zengxiaoxian')).toEqual([member.id]);
    expect(search('zxx')).toEqual([member.id]);
    expect(search('曾小')).toEqual([member.id]);
    expect(getMemberProfile(ws, member.id).tags.map((tag) => tag.name)).toEqual(['主持人']);
    expect((await listChanges(ws.db, 1))[0]).toMatchObject({ actionKey: 'directory.history.memberCreate', params: { name: '曾小贤' } });
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(search('zxx')).toEqual([]);
  });

  it('refuses a second member with the same phone, WeChat ID or e-mail unless the operator confirms', async () => {
    const first = await createMember(ws, edit({ realName: '甲', email: 'a@example.com' }), { now: NOW });
    await expect(createMember(ws, edit({ realName: '乙', email: 'A@Example.com' }), { now: NOW })).rejects.toMatchObject({
      appError: { code: 'CONFLICT', messageKey: 'directory.errors.duplicateMember', params: { names: '甲', ids: String(first.id) } },
    });
    const second = await createMember(ws, edit({ realName: '乙', email: 'A@Example.com' }), { now: NOW, allowDuplicates: true });
    expect(second.id).not.toBe(first.id);
    // Editing a member is not a duplicate of itself.
    await updateMember(ws, first.id, edit({ realName: '甲', email: 'a@example.com', city: '上海' }), { now: NOW, allowDuplicates: true });
  });

  it('validates each field and names the wrong ones', async () => {
    const error = await createMember(ws, edit({ birthYear: 1800, email: 'not-an-email', joinedOn: '2024/1/1', inviterId: 999 }), { now: NOW }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({
      appError: {
        code: 'VALIDATION',
        issues: [
          { path: 'birthYear', messageKey: 'directory.errors.birthYear' },
          { path: 'joinedOn', messageKey: 'validation.date' },
          { path: 'email', messageKey: 'directory.errors.email' },
          { path: 'inviterId', messageKey: 'directory.errors.inviterNotFound' },
        ],
      },
    });
    await expect(createMember(ws, edit({}), { now: NOW })).rejects.toMatchObject({ appError: { issues: [{ path: 'displayName', messageKey: 'validation.required' }] } });
  });

  it('edits every field (null clears), keeps aliases, replaces tags, refuses a referral loop, and undoes', async () => {
    const a = await createMember(ws, edit({ realName: '甲', phone: '13800000001', tags: ['x', 'y'] }), { now: NOW });
    const b = await createMember(ws, edit({ realName: '乙', phone: '13800000002', inviterId: a.id }), { now: NOW });
    const before = snapshotTables(ws.sqlite);
    const updated = await updateMember(ws, a.id, edit({ realName: '甲二', phone: null, wechatId: 'jia2', tags: ['y', 'z'], stage: 'loyal' }), { now: NOW });
    expect(updated).toMatchObject({ displayName: '甲二', phone: null, wechatId: 'jia2', stage: 'loyal' });
    expect(getMemberProfile(ws, a.id).tags.map((tag) => tag.name)).toEqual(['y', 'z']);
    expect(search('13800000001')).toEqual([]);
    await expect(updateMember(ws, a.id, edit({ realName: '甲', inviterId: b.id }), { now: NOW })).rejects.toMatchObject({
      appError: { issues: [{ path: 'inviterId', messageKey: 'directory.errors.inviterCycle' }] },
    });
    await expect(updateMember(ws, 999, edit({ realName: '甲' }), { now: NOW })).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
  });

  it('saves and deletes memberships, each undoable', async () => {
    const group = addGroup(ws.sqlite, '读书会');
    const member = await createMember(ws, edit({ realName: '甲', phone: '13800000001' }), { now: NOW });
    const before = snapshotTables(ws.sqlite);
    const saved = await saveMembership(ws, member.id, group, { role: 'volunteer', groupNickname: ' 小甲 ', joinedOn: '2025-01-01', leftOn: null }, NOW);
    expect(saved).toMatchObject({ groupName: '读书会', role: 'volunteer', groupNickname: '小甲' });
    await saveMembership(ws, member.id, group, { role: 'admin', groupNickname: null, joinedOn: '2025-01-01', leftOn: '2025-12-31' }, NOW);
    expect(getMemberProfile(ws, member.id).memberships).toEqual([expect.objectContaining({ role: 'admin', leftOn: '2025-12-31', groupNickname: null })]);
    await deleteMembership(ws, saved.id, NOW);
    expect(getMemberProfile(ws, member.id).memberships).toEqual([]);
    await undoLastChange(ws.db, NOW);
    await undoLastChange(ws.db, NOW);
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    await expect(saveMembership(ws, member.id, group, { role: 'boss' as never, groupNickname: null, joinedOn: null, leftOn: null }, NOW)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(saveMembership(ws, member.id, 999, { role: 'member', groupNickname: null, joinedOn: null, leftOn: null }, NOW)).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
  });
});
