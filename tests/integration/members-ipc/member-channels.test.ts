/**
 * The member channels through the real router, contract validation, shell handlers and the service
 * host worker, on a real workspace: the profile form's validation (the import's normalisers, per-field
 * issues with i18n keys), duplicates warned and confirmed, bulk actions, segments and sample data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { form, hasMessage } from './helpers.ts';

let dir: string;
let host: TestHost;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-members-ipc-'));
  host = await startTestHost({ dir });
});

afterAll(async () => {
  await host.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('members.create / members.update: the form, normalised like an import', () => {
  it('answers VALIDATION naming each bad field, with messages that exist in both languages', async () => {
    const result = await host.call('members.create', {
      fields: form({ realName: '张伟', phone: '1380013', email: 'zhang@', wechatId: '微信号', joinedOn: '2025-02-30' }),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'VALIDATION', messageKey: 'errors.validation' });
    expect(result.error.issues?.map((issue) => issue.path).sort()).toEqual(['email', 'joinedOn', 'phone', 'wechatId']);
    for (const issue of result.error.issues ?? []) expect(hasMessage(issue.messageKey), issue.messageKey).toBe(true);
    expect(result.error.issues?.find((issue) => issue.path === 'phone')).toMatchObject({ messageKey: 'members.importProblem.phoneTooShort', params: { value: '1380013', digits: 7 } });

    const nothing = await host.call('members.create', { fields: form({ city: '北京' }) });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'displayName', messageKey: 'validation.required' }] } });
    // The contract itself refuses a wrongly shaped form before any service sees it.
    const shaped = await host.router('members.create', { fields: { ...form({}), birthYear: 1850 } });
    expect(shaped).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'fields.birthYear' }] } });
  });

  it('saves phones, e-mails and text as the import would, warns about duplicates, and saves them once confirmed', async () => {
    const created = await host.value('members.create', {
      fields: form({ realName: ' 张伟 ', phone: '+86 138-0013-8000', email: 'Zhang.Wei@Example.COM', wechatId: 'ＺｈａｎｇＷｅｉ88', joinedOn: '2025-03-04', tags: ['读书会', ' 读书会 ', 'KOL'] }),
    });
    expect(created.member).toMatchObject({ displayName: '张伟', phone: '13800138000', phoneOriginal: '+86 138-0013-8000', email: 'zhang.wei@example.com', wechatId: 'ZhangWei88', joinedOn: '2025-03-04' });
    expect(created.tags.map((tag) => tag.name).sort()).toEqual(['KOL', '读书会']);

    const twin = form({ realName: '张伟', phone: '138 0013 8000' });
    const warned = await host.value('members.checkDuplicates', { fields: twin });
    expect(warned.map((match) => [match.member.id, match.reasons])).toEqual([[created.member.id, expect.arrayContaining(['samePhone'])]]);
    // Half-typed forms still warn about what already reads well.
    expect(await host.value('members.checkDuplicates', { fields: form({ email: 'ZHANG.WEI@example.com', phone: '138' }) })).toHaveLength(1);
    expect(await host.value('members.checkDuplicates', { fields: twin, excludeId: created.member.id })).toEqual([]);

    const refused = await host.call('members.create', { fields: twin });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'directory.errors.duplicateMember' } });
    const confirmed = await host.value('members.create', { fields: twin, allowDuplicates: true });
    expect(confirmed.member.id).not.toBe(created.member.id);

    // The twin shares the phone now: editing either member asks again, and saves once confirmed.
    const again = await host.call('members.update', { id: created.member.id, fields: form({ realName: '张伟', nickname: '大伟', phone: '13800138000', city: '杭州' }) });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', params: { ids: String(confirmed.member.id) } } });
    const edited = await host.value('members.update', { id: created.member.id, fields: form({ realName: '张伟', nickname: '大伟', phone: '13800138000', city: '杭州' }), allowDuplicates: true });
    expect(edited.member).toMatchObject({ nickname: '大伟', city: '杭州', email: null });
    const profile = await host.value('members.profile', { id: created.member.id });
    expect(profile.member.city).toBe('杭州');
  });
});

describe('directory, bulk actions, segments, sample data', () => {
  it('tags a filter result in bulk, saves a segment with a live count, and undoes through history', async () => {
    const progress: Array<{ jobId: string; phaseKey: string; done: number; total: number }> = [];
    const off = host.host.on('job.progress', (payload) => progress.push(payload));
    const page = await host.value('members.window', { filter: { search: '张伟' }, start: 0, limit: 50 });
    expect(page.total).toBe(2);
    const tagged = await host.value('members.bulk', { jobId: 'tag-1', target: { filter: { search: '张伟' } }, action: { kind: 'tag', tagNames: ['待回访'] } });
    expect(tagged.affected).toBe(2);
    const tag = (await host.value('tags.list', {})).find((entry) => entry.name === '待回访');
    expect(tag?.memberCount).toBe(2);
    const segment = await host.value('segments.save', { name: '待回访的人', filter: { tagIds: [tag?.id ?? 0] } });
    expect(segment.count).toBe(2);
    expect((await host.value('segments.list', {})).map((entry) => [entry.name, entry.count])).toEqual([['待回访的人', 2]]);
    try {
      await host.value('history.undo', { jobId: 'undo-1' }); // the segment
      await host.value('history.undo', { jobId: 'undo-2' }); // the bulk tag
    } finally {
      off();
    }
    // The bulk action and each undo are jobs reporting under their own ids, to the end (the tag and its 2 links).
    expect(progress.filter((event) => event.jobId === 'undo-2').at(-1)).toMatchObject({ phaseKey: 'jobs.phase.undo', done: 3, total: 3 });
    expect(progress.filter((event) => event.jobId === 'tag-1').at(-1)).toMatchObject({ phaseKey: 'jobs.phase.bulkTag', done: 2, total: 2 });
    expect((await host.value('tags.list', {})).find((entry) => entry.name === '待回访')).toBeUndefined();
    expect(await host.value('members.filterOptions', {})).toMatchObject({ cities: [{ value: '杭州', count: 1 }] });
  });

  it('loads sample data as a job with progress, and removes it in one step', async () => {
    const progress: Array<{ jobId: string; phaseKey: string; done: number; total: number }> = [];
    const off = host.host.on('job.progress', (payload) => progress.push(payload));
    try {
      const before = (await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total;
      const loaded = await host.value('sample.load', { jobId: 'sample-1' });
      expect(loaded.members).toBe(3000);
      expect(loaded.groups).toBeGreaterThan(0);
      expect(progress.at(-1)).toEqual({ jobId: 'sample-1', phaseKey: 'jobs.phase.sample', done: 3000, total: 3000 });
      expect(hasMessage('jobs.phase.sample')).toBe(true);
      expect((await host.value('members.window', { filter: { sample: true }, start: 0, limit: 1 })).total).toBe(3000);
      const again = await host.call('sample.load', { jobId: 'sample-2' });
      expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(await host.value('sample.remove', {})).toEqual({ members: 3000, groups: loaded.groups });
      expect((await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total).toBe(before);
    } finally {
      off();
    }
  });
});
