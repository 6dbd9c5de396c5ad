/**
 * The member directory end to end: the built renderer in Debian's Chromium, the real service host
 * behind the test host. From the empty state it loads sample data, finds members by pinyin, initials and
 * phone suffix, sorts, filters, saves a segment, opens and edits a profile, is warned about a duplicate
 * while adding, bulk-tags a selection and undoes it, merges two duplicates and undoes it, exports the
 * view (the save dialog is scripted), then removes everything again. Needs `npx vite build` first.
 * Screenshots of every screen in both languages go to test-output/screenshots/members-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract/channels.ts';
import { gone, launchPage, openApp, SHOTS, stepsInOrder, visible, WAIT } from './browser.ts';
import { startTestHost, type TestHost } from './test-host.ts';
import { EMPTY_MEMBER_FORM } from '../../shared/domain/members/member-form.ts';

let testHost: TestHost;
let browser: Browser;
let page: Page;
let problems: string[];
const it = stepsInOrder(() => page, 'members-failure.png');

/** Calls a channel the way the window does (through the router) and returns its value. */
async function api<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await testHost.router(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.messageKey}`);
  return result.value as ChannelOutput<C>;
}

/** A picture of the screen; `withNotices` keeps the toasts and notices in it (a picture of a notice). */
async function shot(name: string, withNotices = false): Promise<void> {
  // Let antd's motion settle so the picture shows the end state, not a fade.
  await page.waitForTimeout(250);
  const hideToasts = '.ant-message, .ant-notification { display: none !important; }';
  await page.screenshot({ path: path.join(SHOTS, `members-${name}.png`), ...(withNotices ? {} : { style: hideToasts }) });
}

function toast(text: string | RegExp): Locator {
  return page.locator('.ant-message-notice, .ant-notification-notice').filter({ hasText: text });
}

/** Closes the notices on screen (best effort), so that pictures and the next "已撤销" are about the next step. */
async function clearToasts(): Promise<void> {
  await page.evaluate('document.querySelectorAll(".ant-notification-notice-close, .ant-message-notice").forEach((element) => element.click?.())');
  await page.waitForTimeout(400);
}

const grid = (): Locator => page.getByRole('grid');
const gridRow = (index: number): Locator => grid().locator(`[role=row][data-row-index="${index}"]`);
/** The text of one column in the first `count` rows (0-based column after the checkbox). */
async function columnTexts(column: number, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    const row = gridRow(index);
    if ((await row.count()) === 0) break;
    texts.push((await row.getByRole('gridcell').nth(column + 1).innerText()).trim());
  }
  return texts;
}

/** Picks an option of the antd Select labelled `label` (in the open drop-down, found by its title). */
async function choose(label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
  await page.keyboard.press('Escape');
}

async function search(text: string): Promise<void> {
  await page.getByRole('textbox', { name: /搜索成员|Search members/ }).fill(text);
}

/** The Members entry of the navigation (not "Import members"). */
function membersNav(label: string): Locator {
  return page.getByRole('menuitem').filter({ has: page.getByText(label, { exact: true }) });
}

const openDrawers = (): Locator => page.locator('.ant-drawer-close:visible');

async function closeDrawer(): Promise<void> {
  await openDrawers().first().click();
  await gone(openDrawers());
}

/** A side drawer, found by its title. */
function drawer(title: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-drawer-title').filter({ hasText: title }) });
}

async function memberTotal(filter: ChannelInput<'members.window'>['filter']): Promise<number> {
  return (await api('members.window', { filter, start: 0, limit: 1 })).total;
}

/** Runs `work` with the window's calls of `channel` answered `ms` late, as a big job's are: its progress dialog shows meanwhile. */
async function withSlowCall(channel: ChannelName, ms: number, work: () => Promise<void>): Promise<void> {
  const hold = async (route: Route): Promise<void> => {
    if ((route.request().postData() ?? '').includes(`"${channel}"`)) await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  };
  await page.route('**/api/call', hold);
  try {
    await work();
  } finally {
    await page.unroute('**/api/call', hold);
  }
}


let zhangWeiId = 0;
let exportFile = '';

beforeAll(async () => {
  testHost = await startTestHost();
  exportFile = path.join(testHost.dataDir, '北京成员.xlsx');
  ({ browser, page, problems } = await launchPage({ width: 1280, height: 800 }));
  await openApp(page, testHost);
});

afterAll(async () => {
  await browser?.close();
  await testHost?.close();
});

describe('member directory (zh-CN first)', () => {
  it('opens Members on a clear empty state', async () => {
    await membersNav('成员').click();
    await visible(page.getByRole('heading', { name: '还没有成员' }));
    await visible(page.getByRole('button', { name: /载入示例数据/ }));
    await visible(page.getByRole('button', { name: /导入成员/ }));
    await visible(page.getByRole('button', { name: /添加成员/ }));
    await shot('zh-CN-empty');
  });

  it('loads sample data with a progress dialog, marked as sample', async () => {
    // People the steps below look for, added through the same API the window uses.
    zhangWeiId = (await api('members.create', { fields: { ...EMPTY_MEMBER_FORM, displayName: '张伟', phone: '139 1234 5678', wechatId: 'zhangwei_e2e', city: '上海' } })).member.id;
    await api('members.create', { fields: { ...EMPTY_MEMBER_FORM, displayName: '李娜', phone: '13700001111', city: '成都' } });
    await api('members.create', { fields: { ...EMPTY_MEMBER_FORM, displayName: '李娜', phone: '+86 137-0000-1111', email: 'lina@example.com' }, allowDuplicates: true });

    await page.getByRole('button', { name: /载入示例数据/ }).click();
    await visible(toast(/已载入示例数据：3,000 位成员/));
    await visible(page.getByText('工作区中有 3,000 位示例成员', { exact: false }));
    await visible(gridRow(0));
    await visible(grid().getByText('示例').first());
    await visible(page.getByRole('button', { name: /全部成员\s*3,003/ }));
    await shot('zh-CN-list');
  });

  it('finds members by pinyin, initials and the last digits of a phone', async () => {
    await search('zhangwei');
    await visible(grid().getByText('13912345678'));
    await shot('zh-CN-search');
    // Ctrl+F in Members goes to the member search box.
    await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
    await page.keyboard.press('Control+f');
    await page.keyboard.type('zw');
    await visible(grid().getByText('13912345678'));
    await search('5678');
    await visible(grid().getByText('13912345678'));
    await visible(page.getByText(/^找到 \d+ 位（共 3,003 位）$/));
    await search('');
    await gone(page.getByText(/^找到 /));
  });

  it('sorts by a column header (ascending, descending, off)', async () => {
    const header = grid().getByRole('columnheader', { name: /手机号/ });
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => {
      const phones = (await columnTexts(2, 8)).filter((phone) => /^\d+$/.test(phone));
      return phones.length > 3 && phones.every((phone, index) => index === 0 || (phones[index - 1] ?? '') <= phone);
    }).toBe(true);
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => {
      const phones = (await columnTexts(2, 8)).filter((phone) => /^\d+$/.test(phone));
      return phones.length > 3 && phones.every((phone, index) => index === 0 || (phones[index - 1] ?? '') >= phone);
    }).toBe(true);
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('none');
  });

  it('filters by city and saves the filter as a segment with a live count', async () => {
    await choose('城市', '北京');
    await visible(page.getByText(/^找到 \d+ 位（共 3,003 位）$/));
    await expect.poll(() => columnTexts(6, 10).then((cities) => cities.length > 0 && cities.every((city) => city === '北京')), { timeout: WAIT }).toBe(true);
    const found = await memberTotal({ cities: ['北京'] });
    await page.getByRole('button', { name: /保存为分群/ }).click();
    await page.getByLabel('分群名称').fill('北京成员');
    await shot('zh-CN-segment-save');
    await page.getByRole('dialog').getByRole('button', { name: '保存', exact: true }).click();
    await visible(toast('已保存分群“北京成员”'));
    await visible(page.getByRole('button', { name: new RegExp(`北京成员\\s*${found.toLocaleString('en-US')}`) }));
    await shot('zh-CN-filtered');
    await page.getByRole('button', { name: /全部成员/ }).click();
    await gone(page.getByText(/^找到 /));
  });

  it('opens a profile and edits a field', async () => {
    await search('13912345678');
    await grid().getByText('13912345678').click();
    const profile = drawer('张伟');
    await visible(profile.getByText('所在社群'));
    await visible(profile.getByText('上海'));
    await profile.getByRole('button', { name: /加入社群/ }).click();
    const membership = page.getByRole('dialog').filter({ hasText: '把“张伟”加入社群' });
    await membership.getByLabel('社群', { exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await membership.getByLabel('群昵称').fill('伟哥');
    await shot('zh-CN-membership');
    await membership.getByRole('button', { name: '保存' }).click();
    await visible(toast(/已保存“张伟”在“.+”的群成员信息/));
    await visible(profile.getByText('伟哥'));
    await shot('zh-CN-profile');
    await profile.locator('.ant-drawer-extra').getByRole('button', { name: /编辑/ }).click();
    const form = drawer('编辑成员“张伟”');
    await visible(form);
    expect(await form.getByLabel('手机号').inputValue()).toBe('139 1234 5678');
    await form.getByLabel('城市').fill('杭州');
    await shot('zh-CN-form');
    await form.getByRole('button', { name: '保存修改' }).click();
    await gone(form);
    await visible(toast('已保存成员“张伟”'));
    await visible(profile.getByText('杭州'));
    const saved = (await api('members.profile', { id: zhangWeiId })).member;
    expect([saved.city, saved.phone, saved.phoneOriginal]).toEqual(['杭州', '13912345678', '139 1234 5678']);
    await closeDrawer();
  });

  it('warns about a duplicate while a member is added by hand', async () => {
    // Ctrl+N in Members adds a member (elsewhere it makes a group).
    await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
    await page.keyboard.press('Control+n');
    const form = drawer('添加成员');
    await visible(form);
    await form.getByLabel('姓名', { exact: true }).fill('李娜');
    await form.getByLabel('手机号').fill('137 0000 1111');
    await visible(form.getByText('可能与 2 位已有成员重复'));
    await visible(form.getByText('手机号相同').first());
    await shot('zh-CN-form-duplicate');
    // The host's field checks show on the fields (the same rules as an import).
    await form.getByLabel('邮箱').fill('lina@');
    await form.getByRole('button', { name: '添加', exact: true }).click();
    await visible(form.getByText('“lina@”不是有效的邮箱地址。'));
    await shot('zh-CN-form-errors');
    // With the fields right, saving a second 李娜 with the same phone asks first.
    await form.getByLabel('邮箱').fill('');
    await form.getByRole('button', { name: '添加', exact: true }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '仍然保存？' });
    await visible(confirm.getByText('“李娜、李娜”已使用相同的手机号'));
    await confirm.getByRole('button', { name: '返回修改' }).click();
    await gone(confirm);
    await form.getByRole('button', { name: '取消' }).click();
    await gone(openDrawers());
  });

  it('bulk-tags a selection and undoes it', async () => {
    await clearToasts();
    await search('zhangwei');
    await visible(page.getByText(/^找到 \d+ 位（共 3,003 位）$/));
    await visible(gridRow(1));
    await gridRow(0).getByRole('checkbox').click();
    await gridRow(1).getByRole('checkbox').click({ modifiers: ['Shift'] });
    await visible(page.getByText('已选择 2 位成员'));
    await page.getByRole('button', { name: /加标签/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '给 2 位成员加标签' });
    await dialog.getByRole('combobox').fill('E2E标签');
    await page.keyboard.press('Enter');
    // Leave the tag box with a click elsewhere: its drop-down closes.
    await dialog.getByText('给 2 位成员加标签').click();
    await gone(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):visible'));
    await shot('zh-CN-bulk-tag');
    await dialog.getByRole('button', { name: '应用' }).click();
    await visible(toast('已给 2 位成员加上标签“E2E标签”'));
    await shot('zh-CN-bulk-tag-notice', true);
    const tagged = async () => (await api('tags.list', {})).find((tag) => tag.name === 'E2E标签')?.memberCount ?? 0;
    expect(await tagged()).toBe(2);
    await toast('已给 2 位成员加上标签').getByRole('button', { name: /撤销/ }).click();
    await visible(toast('已撤销'));
    await expect.poll(tagged).toBe(0);
    await page.getByRole('button', { name: '取消选择' }).click();
    await gone(page.getByText('已选择 2 位成员'));
    await search('');
  });

  it('deletes all 3,003 members as a job, and undoing it shows its own progress with Cancel', async () => {
    await clearToasts();
    await grid().getByRole('columnheader').first().getByRole('checkbox').click();
    await visible(page.getByText('已选择全部 3,003 位符合条件的成员'));
    await page.getByRole('toolbar', { name: '批量操作' }).getByRole('button', { name: /删除/ }).click();
    await page.getByRole('dialog').filter({ hasText: '删除 3,003 位成员？' }).getByRole('button', { name: '删除 3,003 位成员' }).click();
    await visible(toast('已删除 3,003 位成员'));
    expect(await memberTotal({})).toBe(0);
    // The undo's answer is held back, as a big one takes a while: past half a second its dialog shows.
    await withSlowCall('history.undo', 2_000, async () => {
      await toast('已删除 3,003 位成员').getByRole('button', { name: /撤销/ }).click();
      const progress = page.getByRole('dialog').filter({ hasText: '正在撤销上一步修改' });
      await visible(progress.getByRole('button', { name: '取消' }));
      await shot('zh-CN-undo-progress');
      await visible(toast('已撤销'));
      await gone(progress);
    });
    expect(await memberTotal({})).toBe(3_003);
    await visible(page.getByText('共 3,003 位成员', { exact: true }));
  });

  it('merges two duplicates, keeping every membership, and undoes the merge', async () => {
    await clearToasts();
    await page.getByText('重复成员', { exact: true }).click();
    const pair = page.getByRole('group', { name: '“李娜”与“李娜”' }).filter({ hasText: 'lina@example.com' });
    await visible(pair);
    await visible(pair.getByText('手机号相同'));
    await shot('zh-CN-duplicates');
    await pair.getByRole('button', { name: /合并/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '合并重复成员' });
    await visible(dialog.getByText('lina@example.com'));
    await shot('zh-CN-merge');
    await dialog.getByRole('button', { name: /合并到/ }).click();
    await visible(toast(/已把“李娜 #\d+”合并到“李娜 #\d+”/));
    await gone(pair);
    await expect.poll(() => memberTotal({ search: '13700001111' })).toBe(1);
    await toast(/已把“李娜/).getByRole('button', { name: /撤销/ }).click();
    await visible(toast('已撤销'));
    await visible(pair);
    await expect.poll(() => memberTotal({ search: '13700001111' })).toBe(2);
  });

  it('exports the current view to .xlsx through the save dialog', async () => {
    await page.getByText('成员名录', { exact: true }).click();
    await page.getByRole('button', { name: /北京成员/ }).click();
    const found = await memberTotal({ cities: ['北京'] });
    testHost.platform.answers.exportPath.push(exportFile);
    await page.getByRole('button', { name: /导出/ }).click();
    await visible(toast(`已导出 ${found.toLocaleString('en-US')} 位成员`));
    expect(fs.existsSync(exportFile)).toBe(true);
    expect(fs.statSync(exportFile).size).toBeGreaterThan(1_000);
    expect(testHost.platform.calls.some((entry) => entry.method === 'chooseExportPath')).toBe(true);
    await page.getByRole('button', { name: /全部成员/ }).click();
  });
});

describe('member directory in English', () => {
  it('switches to English', async () => {
    await api('settings.update', { language: 'en' });
    await openApp(page, testHost);
    await membersNav('Members').click();
    await visible(page.getByRole('heading', { name: 'Members' }));
    await visible(gridRow(0));
    await visible(grid().getByText('Sample').first());
    await shot('en-list');
  });

  it('shows search, filters, profile, form, selection, duplicates and merge in English', async () => {
    await search('zw');
    await visible(grid().getByText('13912345678'));
    await search('');
    await page.getByRole('button', { name: /北京成员/ }).click();
    await visible(page.getByText(/^\d+ found \(of 3,003\)$/));
    await shot('en-filtered');
    await page.getByRole('button', { name: /All members/ }).click();

    await search('13912345678');
    await grid().getByText('13912345678').click();
    const profile = drawer('张伟');
    await visible(profile.getByText('Referrals'));
    await shot('en-profile');
    await profile.locator('.ant-drawer-extra').getByRole('button', { name: /Edit/ }).click();
    const form = drawer('Edit member “张伟”');
    await visible(form);
    await shot('en-form');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await gone(form);
    await closeDrawer();
    await search('');
    await visible(page.getByText('3,003 members', { exact: true }));

    await gridRow(0).getByRole('checkbox').click();
    await gridRow(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
    await visible(page.getByText('3 selected'));
    await shot('en-selection');
    await page.getByRole('button', { name: /Set stage/ }).click();
    await visible(page.getByRole('dialog').filter({ hasText: 'Set the lifecycle stage of 3 members' }));
    await shot('en-bulk-stage');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();

    await page.getByText('Duplicates', { exact: true }).click();
    const pair = page.getByRole('group', { name: '“李娜” and “李娜”' }).filter({ hasText: 'lina@example.com' });
    await visible(pair.getByText('Same phone'));
    await shot('en-duplicates');
    await pair.getByRole('button', { name: /Merge/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Merge duplicate members' });
    await visible(dialog.getByText('lina@example.com'));
    await shot('en-merge');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(page.locator('.ant-modal-wrap:visible'));
    await page.getByText('Directory', { exact: true }).click();
  });

  it('shows the progress dialogs of a big delete and of its undo in English', async () => {
    await clearToasts();
    await grid().getByRole('columnheader').first().getByRole('checkbox').click();
    await visible(page.getByText('All 3,003 matching members selected'));
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Delete/ }).click();
    await withSlowCall('members.bulk', 2_000, async () => {
      await page.getByRole('dialog').filter({ hasText: 'Delete 3,003 members?' }).getByRole('button', { name: 'Delete 3,003 members' }).click();
      await visible(page.getByRole('dialog').filter({ hasText: 'Deleting 3,003 members' }).getByRole('button', { name: 'Cancel' }));
      await shot('en-bulk-delete-progress');
      await visible(toast('Deleted 3,003 members'));
    });
    await withSlowCall('history.undo', 2_000, async () => {
      await toast('Deleted 3,003 members').getByRole('button', { name: /Undo/ }).click();
      await visible(page.getByRole('dialog').filter({ hasText: 'Undoing the last change' }).getByRole('button', { name: 'Cancel' }));
      await shot('en-undo-progress');
      await visible(toast('Undone'));
    });
    expect(await memberTotal({})).toBe(3_003);
  });

  it('removes the sample data in one step, deletes the rest, and is back on the empty state', async () => {
    await clearToasts();
    await page.getByRole('alert').getByRole('button', { name: 'Remove sample data' }).click();
    await page.getByRole('dialog').filter({ hasText: 'Remove all sample data?' }).getByRole('button', { name: 'Remove sample data' }).click();
    await visible(toast('Removed sample data (3,000 members)'));
    await visible(page.getByRole('button', { name: /All members\s*3$/ }));
    await grid().getByRole('columnheader').first().getByRole('checkbox').click();
    await visible(page.getByText('All 3 matching members selected'));
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /Delete/ }).click();
    await page.getByRole('dialog').filter({ hasText: 'Delete 3 members?' }).getByRole('button', { name: 'Delete 3 members' }).click();
    await visible(page.getByRole('heading', { name: 'No members yet' }));
    await visible(page.getByRole('button', { name: /Load sample data/ }));
    await shot('en-empty');
    expect(await memberTotal({})).toBe(0);
    expect(problems).toEqual([]);
  });
});
