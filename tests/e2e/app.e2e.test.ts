/**
 * Community Desk end to end: the built renderer in Debian's Chromium, talking to the real service host
 * through the test host. Steps run in order on one window, as one operator would use the app.
 * Needs `npx vite build` first. Screenshots of every screen in both languages go to test-output/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { gone, launchPage, openApp, SHOTS, stepsInOrder, visible } from './browser.ts';
import { startTestHost, type TestHost } from './test-host.ts';

let testHost: TestHost;
let browser: Browser;
let page: Page;
let problems: string[];
const it = stepsInOrder(() => page, 'failure.png');

/** A picture of the screen; `withNotices` keeps the toasts and notices in it (a picture of a notice). */
async function shot(name: string, withNotices = false): Promise<void> {
  // Let antd's motion settle so the picture shows the end state, not a fade.
  await page.waitForTimeout(350);
  // Toasts from earlier steps would hide part of the screen; the pictures show the screens themselves.
  const hideToasts = '.ant-message, .ant-notification { display: none !important; }';
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), ...(withNotices ? {} : { style: hideToasts }) });
}

/**
 * Reloads the window with the workspace slow to open (its answer held back), as a big workspace is:
 * the startup spinner must say what it waits for. Shows `text`, takes the picture, then the app loads.
 */
async function openSlowly(text: string, heading: string, picture: string): Promise<void> {
  const holdWorkspace = async (route: Route): Promise<void> => {
    if ((route.request().postData() ?? '').includes('"workspace.current"')) await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  };
  await page.route('**/api/call', holdWorkspace);
  try {
    await openApp(page, testHost);
    await visible(page.getByText(text));
    await shot(picture);
    await visible(page.getByRole('heading', { name: heading }));
    await gone(page.getByText(text));
  } finally {
    await page.unroute('**/api/call', holdWorkspace);
  }
}

/** A row of the visible groups table, found by what it shows. */
function groupRow(name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/** A message or notice (the kind with an Undo button) containing `text`. */
function toast(text: string): Locator {
  return page.locator('.ant-message-notice, .ant-notification-notice').filter({ hasText: text });
}

/** Closes the notices on screen (best effort), so that the next notice found by its text is the new one. */
async function clearToasts(): Promise<void> {
  await page.evaluate('document.querySelectorAll(".ant-notification-notice-close, .ant-message-notice").forEach((element) => element.click?.())');
  await gone(page.locator('.ant-notification-notice'));
}

function drawer(title: string): Locator {
  return page.getByRole('dialog').filter({ hasText: title });
}

/** Moves focus out of any text field, as a click on empty space would. */
async function blurField(): Promise<void> {
  // A string, because this file is type-checked for Node (no DOM types); it runs in the page.
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
}

async function chooseOption(label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByTitle(option, { exact: true }).click();
}

beforeAll(async () => {
  testHost = await startTestHost();
  ({ browser, page, problems } = await launchPage({ width: 1280, height: 800 }));
  await openApp(page, testHost);
});

afterAll(async () => {
  await browser?.close();
  await testHost?.close();
});

describe('Community Desk in the browser (zh-CN first)', () => {
  it('opens on a clear empty state with a create button', async () => {
    await visible(page.getByRole('heading', { name: '还没有社群' }));
    await visible(page.getByRole('button', { name: '新建社群' }));
    await visible(page.getByRole('menuitem', { name: /社群/ }));
    await visible(page.getByRole('menuitem', { name: /备份与历史/ }));
    await visible(page.getByRole('menuitem', { name: /设置/ }));
    expect(await page.title()).toContain('社群工作台');
    await shot('zh-CN-groups-empty');
  });

  it('creates a group with every field', async () => {
    await page.getByRole('button', { name: '新建社群' }).click();
    const form = drawer('新建社群');
    await visible(form);
    await page.getByLabel('社群名称').fill('周末读书会');
    await chooseOption('平台', '企业微信群');
    await page.getByLabel('定位').fill('每周共读一本书，交流读后感');
    await page.getByLabel('目标成员').fill('25–35 岁的职场读者');
    await page.getByLabel('核心价值').fill('坚持阅读，结识同好');
    await page.getByLabel('群主').fill('韩梅梅');
    await page.getByLabel('建群日期').fill('2024-03-15');
    await page.getByLabel('建群日期').press('Enter');
    await page.getByLabel('人数上限').fill('500');
    await page.getByLabel('群规').fill('1. 友善交流，不发广告\n2. 每周日晚 8 点分享读书笔记');
    await shot('zh-CN-group-form');
    await form.getByRole('button', { name: '创建' }).click();
    await gone(form);
    await visible(toast('已新建社群“周末读书会”'));
    const row = groupRow('周末读书会');
    await visible(row);
    for (const text of ['企业微信群', '每周共读一本书，交流读后感', '韩梅梅', '500', '2024-03-15', '活跃']) {
      await visible(row.getByText(text, { exact: true }));
    }
  });

  it('creates a second group with Ctrl+N', async () => {
    await blurField();
    await page.keyboard.press('Control+n');
    const form = drawer('新建社群');
    await visible(form);
    await page.getByLabel('社群名称').fill('晨跑打卡群');
    await page.getByLabel('群主').fill('李雷');
    await form.getByRole('button', { name: '创建' }).click();
    await gone(form);
    await visible(groupRow('晨跑打卡群'));
    await visible(page.getByText('共 2 个'));
    await visible(groupRow('晨跑打卡群').getByText('微信群', { exact: true }));
    await shot('zh-CN-groups-list');
  });

  it('edits a group', async () => {
    await groupRow('周末读书会').getByRole('button', { name: '编辑' }).click();
    const form = drawer('编辑社群“周末读书会”');
    await visible(form);
    expect(await page.getByLabel('群主').inputValue()).toBe('韩梅梅');
    await page.getByLabel('群主').fill('韩老师');
    await form.getByRole('button', { name: '保存修改' }).click();
    await gone(form);
    await visible(groupRow('周末读书会').getByText('韩老师', { exact: true }));
  });

  it('explains what is wrong: missing name, bad capacity, duplicate name', async () => {
    await blurField();
    await page.keyboard.press('Control+n');
    const form = drawer('新建社群');
    await visible(form);
    await form.getByRole('button', { name: '创建' }).click();
    await visible(form.getByText('必填', { exact: true }));

    await page.getByLabel('人数上限').fill('0');
    await visible(form.getByText('请输入正整数'));
    await page.getByLabel('人数上限').fill('2.5');
    await visible(form.getByText('请输入正整数'));
    await page.getByLabel('人数上限').fill('200');
    await gone(form.getByText('请输入正整数'));

    await page.getByLabel('社群名称').fill('晨跑打卡群');
    await form.getByRole('button', { name: '创建' }).click();
    await visible(form.getByText('已有名为“晨跑打卡群”的社群（未归档），请换一个名称'));
    await visible(toast('有内容需要修改，请检查标红的字段。'));
    await shot('zh-CN-group-form-errors');
    await form.getByRole('button', { name: '取消' }).click();
    await gone(form);
    await visible(page.getByText('共 2 个'));
  });

  it('archives a group, shows it with "show archived", and undoes the archive', async () => {
    await clearToasts();
    await groupRow('晨跑打卡群').getByRole('button', { name: '归档' }).click();
    await gone(groupRow('晨跑打卡群'));
    const notice = toast('已归档社群“晨跑打卡群”');
    await visible(notice);

    await page.getByText('显示已归档', { exact: true }).click();
    await visible(groupRow('晨跑打卡群').getByText('已归档', { exact: true }));
    await page.getByText('显示已归档', { exact: true }).click();
    await gone(groupRow('晨跑打卡群'));

    await shot('zh-CN-group-undo-notice', true);

    await notice.getByRole('button', { name: '撤销' }).click();
    await visible(toast('已撤销：归档社群“晨跑打卡群”'));
    await visible(groupRow('晨跑打卡群').getByText('活跃', { exact: true }));
  });

  it('Undo in a notice takes back only that change, and only while it is the newest', async () => {
    // Notices of earlier steps (their Undo buttons among them) go first.
    await clearToasts();
    await groupRow('晨跑打卡群').getByRole('button', { name: '归档' }).click();
    await gone(groupRow('晨跑打卡群'));
    const archived = toast('已归档社群“晨跑打卡群”');
    await visible(archived);
    await groupRow('周末读书会').getByRole('button', { name: '编辑' }).click();
    const form = drawer('编辑社群“周末读书会”');
    await visible(form);
    await page.getByLabel('群主').fill('韩主编');
    await form.getByRole('button', { name: '保存修改' }).click();
    await gone(form);
    const saved = toast('已保存社群“周末读书会”');
    await visible(saved);

    // The archive is no longer the newest change: its Undo says so and changes nothing.
    await archived.getByRole('button', { name: '撤销' }).click();
    await visible(toast('这之后又有新的修改，不能直接撤销这一项'));
    await visible(groupRow('周末读书会').getByText('韩主编', { exact: true }));
    await gone(groupRow('晨跑打卡群'));

    await saved.getByRole('button', { name: '撤销' }).click();
    await visible(toast('已撤销：编辑社群“周末读书会”'));
    await visible(groupRow('周末读书会').getByText('韩老师', { exact: true }));
    await gone(groupRow('晨跑打卡群'));

    // Now the archive is the newest change again.
    await blurField();
    await page.keyboard.press('Control+z');
    await visible(groupRow('晨跑打卡群').getByText('活跃', { exact: true }));
  });

  it('deletes a group after confirmation, and Ctrl+Z brings it back', async () => {
    await groupRow('周末读书会').getByRole('button', { name: '删除' }).click();
    const confirm = page.getByRole('tooltip').filter({ hasText: '删除社群“周末读书会”？' });
    await visible(confirm);
    await confirm.getByRole('button', { name: '删除' }).click();
    await gone(groupRow('周末读书会'));
    await visible(toast('已删除社群“周末读书会”'));

    await blurField();
    await page.keyboard.press('Control+z');
    await visible(toast('已撤销：删除社群“周末读书会”'));
    await visible(groupRow('周末读书会').getByText('韩老师', { exact: true }));
  });

  it('shows a group with its rules', async () => {
    await groupRow('周末读书会').getByText('周末读书会', { exact: true }).click();
    const detail = drawer('群规');
    await visible(detail);
    await visible(detail.getByText('2. 每周日晚 8 点分享读书笔记', { exact: false }));
    await visible(detail.getByText('25–35 岁的职场读者'));
    await shot('zh-CN-group-detail');
    await page.keyboard.press('Escape');
    await gone(detail);
  });

  it('searches while typing (Ctrl+F)', async () => {
    await blurField();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('晨跑');
    await gone(groupRow('周末读书会'));
    await visible(groupRow('晨跑打卡群'));
    await page.keyboard.press('Control+a');
    await page.keyboard.type('不存在的群');
    await visible(page.getByText('没有找到与“不存在的群”匹配的社群'));
    await page.getByRole('button', { name: '清除搜索' }).click();
    await visible(groupRow('周末读书会'));
  });

  it('opens the shortcut help with ? and from the app menu', async () => {
    await blurField();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog').filter({ hasText: '键盘快捷键' });
    await visible(help);
    for (const text of ['新建社群', '搜索社群', '切换到“备份与历史”', '撤销最近一次修改（光标不在输入框中时）', '打开本帮助']) {
      await visible(help.getByText(text, { exact: true }));
    }
    await shot('zh-CN-help');
    await page.keyboard.press('Escape');
    await gone(help);

    testHost.sendMenuCommand('showHelp');
    await visible(help);
    await help.getByRole('button', { name: '关闭' }).last().click();
    await gone(help);
  });

  it('offers every workspace action in the switcher', async () => {
    await page.getByRole('button', { name: /工作区/ }).click();
    for (const item of ['新建工作区…', '打开工作区…', '最近打开', '打开默认工作区', '另存副本…', '立即备份', '从备份恢复…', '在文件夹中显示']) {
      await visible(page.getByRole('menuitem', { name: item }));
    }
    await shot('zh-CN-workspace-menu');
    await page.getByRole('menuitem', { name: '在文件夹中显示' }).click();
    await expect.poll(() => testHost.platform.calls.some((entry) => entry.method === 'revealInFolder')).toBe(true);
  });

  it('backs up now, then restores that backup after more changes', async () => {
    await blurField();
    await page.keyboard.press('Control+4');
    await visible(page.getByRole('heading', { name: '备份与历史' }));
    await page.getByRole('button', { name: '立即备份' }).first().click();
    await visible(toast('备份完成'));
    const manualRow = page.getByRole('row').filter({ has: page.getByText('手动', { exact: true }) });
    await visible(manualRow);
    await visible(page.getByText('删除社群“周末读书会”', { exact: true }));
    await visible(page.getByText('编辑社群“周末读书会”', { exact: true }));
    await shot('zh-CN-backups');

    // Change things after the backup: a new group, and one deleted.
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+n');
    const form = drawer('新建社群');
    await visible(form);
    await page.getByLabel('社群名称').fill('临时群');
    await form.getByRole('button', { name: '创建' }).click();
    await visible(groupRow('临时群'));
    await groupRow('晨跑打卡群').getByRole('button', { name: '删除' }).click();
    await page.getByRole('tooltip').filter({ hasText: '删除社群“晨跑打卡群”？' }).getByRole('button', { name: '删除' }).click();
    await gone(groupRow('晨跑打卡群'));

    await page.keyboard.press('Control+4');
    await manualRow.getByRole('button', { name: '恢复' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '恢复前会先自动备份当前数据' });
    await visible(confirm);
    await confirm.getByRole('button', { name: '恢复' }).click();
    await visible(toast('已恢复到'));
    await visible(page.getByRole('row').filter({ has: page.getByText('恢复前自动', { exact: true }) }));

    await page.keyboard.press('Control+1');
    await visible(groupRow('晨跑打卡群'));
    await visible(groupRow('周末读书会'));
    await gone(groupRow('临时群'));
  });

  it('switches to English, remembers it, and switches the theme', async () => {
    await page.keyboard.press('Control+5');
    await visible(page.getByRole('heading', { name: '设置' }));
    await shot('zh-CN-settings');
    await page.getByText('English', { exact: true }).click();
    await visible(page.getByRole('heading', { name: 'Settings' }));
    await visible(page.getByRole('menuitem', { name: /Groups/ }));

    await openApp(page, testHost);
    await visible(page.getByRole('heading', { name: 'Groups' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.keyboard.press('Control+5');
    // The colour painted in the empty bottom-right corner of the window.
    const background = async () =>
      String(
        await page.evaluate(`(() => {
          for (let element = document.elementFromPoint(innerWidth - 12, innerHeight - 12); element; element = element.parentElement) {
            const color = getComputedStyle(element).backgroundColor;
            if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
          }
          return 'none';
        })()`),
      );
    const lightBackground = await background();
    await page.getByText('Dark', { exact: true }).click();
    await expect.poll(background).not.toBe(lightBackground);
    const [red = 255, green = 255, blue = 255] = (await background()).match(/\d+/g)?.map(Number) ?? [];
    expect(red + green + blue).toBeLessThan(150);
    await shot('en-settings-dark');
    await page.keyboard.press('Control+1');
    await shot('en-groups-list-dark');
    await page.keyboard.press('Control+5');
    await page.getByText('Light', { exact: true }).click();
    await expect.poll(background).toBe(lightBackground);
    await shot('en-settings');
  });

  it('says what it waits for while a workspace is slow to open (English)', async () => {
    await openSlowly('Opening the workspace and checking that the file is intact…', 'Groups', 'en-opening-slow');
  });

  it('shows every screen in English', async () => {
    await page.keyboard.press('Control+1');
    await visible(groupRow('周末读书会').getByText('WeCom group', { exact: true }));
    await visible(groupRow('周末读书会').getByText('Active', { exact: true }));
    await shot('en-groups-list');

    await groupRow('周末读书会').getByText('周末读书会', { exact: true }).click();
    const detail = drawer('Group rules');
    await visible(detail);
    await shot('en-group-detail');
    await page.keyboard.press('Escape');
    await gone(detail);

    await blurField();
    await page.keyboard.press('Control+n');
    const form = drawer('New group');
    await visible(form);
    await shot('en-group-form');
    await page.getByLabel('Group name').fill('晨跑打卡群');
    await page.getByLabel('Capacity').fill('-3');
    await visible(form.getByText('Enter a positive whole number'));
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByLabel('Capacity').fill('');
    await form.getByRole('button', { name: 'Create' }).click();
    await visible(form.getByText('An active group named "晨跑打卡群" already exists; choose another name'));
    await visible(toast('Some fields need changes; check the ones marked in red.'));
    await shot('en-group-form-errors');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await gone(form);

    await blurField();
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog').filter({ hasText: 'Keyboard shortcuts' });
    await visible(help.getByText('Go to "Backups & history"', { exact: true }));
    await shot('en-help');
    await page.keyboard.press('Escape');
    await gone(help);

    await page.keyboard.press('Control+4');
    await visible(page.getByRole('heading', { name: 'Backups & history' }));
    await visible(page.getByText('Manual', { exact: true }));
    await visible(page.getByText('Recent changes', { exact: true }));
    await shot('en-backups');

    await page.getByRole('button', { name: /Workspace/ }).click();
    await visible(page.getByRole('menuitem', { name: 'Restore from a backup…' }));
    await shot('en-workspace-menu');
    await page.getByRole('menuitem', { name: 'Save a copy…' }).click();
    await visible(toast('Copy saved to'));
    expect(testHost.platform.calls.some((entry) => entry.method === 'chooseCopyPath')).toBe(true);
  });

  it('opens another workspace file, and explains why a wrong file cannot be opened', async () => {
    const copy = testHost.platform.calls.find((entry) => entry.method === 'chooseCopyPath');
    expect(copy).toBeDefined();
    const notAWorkspace = path.join(testHost.dataDir, 'notes.sqlite');
    fs.writeFileSync(notAWorkspace, 'just some notes, not a database');
    testHost.platform.answers.open.push(notAWorkspace);
    await page.getByRole('button', { name: /Workspace/ }).click();
    await page.getByRole('menuitem', { name: 'Open workspace…' }).click();
    await visible(toast('is not a Community Desk workspace'));
    await visible(page.getByRole('button', { name: /community-desk/ }));

    testHost.platform.answers.open.push(path.join(testHost.dataDir, 'copies', 'community-desk-copy.sqlite'));
    await page.getByRole('button', { name: /Workspace/ }).click();
    await page.getByRole('menuitem', { name: 'Open workspace…' }).click();
    await visible(toast('Opened workspace "community-desk-copy"'));
    await page.keyboard.press('Control+1');
    await visible(groupRow('周末读书会'));
  });

  it('creates a new workspace (empty) and goes back through recent workspaces', async () => {
    await page.getByRole('button', { name: /Workspace/ }).click();
    await page.getByRole('menuitem', { name: 'New workspace…' }).click();
    await visible(toast('Opened workspace "workspace-1"'));
    await page.keyboard.press('Control+1');
    await visible(page.getByRole('heading', { name: 'No groups yet' }));
    await visible(page.getByRole('button', { name: /workspace-1/ }));
    await shot('en-groups-empty');

    await page.getByRole('button', { name: /Workspace/ }).click();
    await page.getByRole('menuitem', { name: 'Recent workspaces' }).hover();
    await page.getByRole('menuitem', { name: 'community-desk.sqlite', exact: true }).click();
    await visible(toast('Opened workspace "community-desk"'));
    await visible(groupRow('周末读书会'));
  });

  it('switches back to Chinese', async () => {
    await page.keyboard.press('Control+5');
    await page.getByText('中文', { exact: true }).click();
    await visible(page.getByRole('heading', { name: '设置' }));
    await visible(page.getByRole('menuitem', { name: /社群/ }));
    await page.keyboard.press('Control+1');
    await visible(groupRow('周末读书会').getByText('企业微信群', { exact: true }));
  });

  it('says what it waits for while a workspace is slow to open', async () => {
    await openSlowly('正在打开工作区，并检查文件是否完好…', '社群', 'zh-CN-opening-slow');
  });

  it('logged no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
