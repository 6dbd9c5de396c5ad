/**
 * The member import wizard end to end: the built renderer in Debian's Chromium, the real service host
 * behind the test host, the open and save dialogs scripted. Imports the WPS roster and the GB18030 CSV
 * (fixing a mapping on the way), re-imports to see "0 new", imports a file full of problems and exports
 * them, cancels a big import, undoes an import from the history. Needs `npx vite build` first.
 * Screenshots of every step in both languages go to test-output/screenshots/import-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { launchPage, REPO_ROOT, SHOTS, stepsInOrder, until, visible, WAIT } from './browser.ts';
import { startTestHost, type TestHost } from './test-host.ts';

const FIXTURES = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');

let testHost: TestHost;
let browser: Browser;
let page: Page;
let problems: string[];
const it = stepsInOrder(() => page, 'import-failure.png', { fullPage: true });

const VIEWPORT = { width: 1280, height: 860 };

/** A picture of the whole import page: the window grows to the page's height (the app scrolls inside its layout). */
async function shot(name: string): Promise<void> {
  // Let antd's motion settle so the picture shows the end state, not a fade.
  await page.waitForTimeout(250);
  // A string, because this file is type-checked for Node (no DOM types); it runs in the page.
  const height = Number(await page.evaluate('Math.ceil(document.querySelector("[data-page=import]")?.getBoundingClientRect().height ?? 0)'));
  const grown = Math.min(2600, Math.max(VIEWPORT.height, height + 130));
  if (grown !== VIEWPORT.height) await page.setViewportSize({ width: VIEWPORT.width, height: grown });
  if (grown !== VIEWPORT.height) await page.waitForTimeout(50);
  await page.screenshot({ path: path.join(SHOTS, `import-${name}.png`), style: '.ant-message, .ant-notification { display: none !important; }' });
  if (grown !== VIEWPORT.height) await page.setViewportSize(VIEWPORT);
}

/** The wizard's card (the visible tab panel of the import page). */
function wizard(): Locator {
  return page.locator('[data-page="import"]').getByRole('tabpanel');
}

function toast(text: string | RegExp): Locator {
  return page.locator('.ant-message-notice, .ant-notification-notice').filter({ hasText: text });
}

/** The number a count card shows (preview and result cards carry data-count). */
async function count(key: string): Promise<number> {
  const text = await wizard().locator(`[data-count="${key}"] .ant-statistic-content-value`).first().innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

async function expectCounts(expected: Record<string, number>): Promise<void> {
  for (const [key, value] of Object.entries(expected)) {
    await expect.poll(() => count(key), { timeout: WAIT, message: key }).toBe(value);
  }
}

/** Picks an option of the antd Select labelled `label`. */
async function choose(label: string, option: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.click();
  // The options of this Select only (a closing dropdown of another one may still be on screen).
  const list = await select.getAttribute('aria-controls');
  if (!list) throw new Error(`no option list for ${label}`);
  await page.locator(`.ant-select-item-option[id^="${list}_"]`).getByText(option, { exact: true }).click();
}

/** Answers the next open dialog with `file` and chooses it in the wizard. */
async function chooseFile(file: string, button: string | RegExp): Promise<void> {
  testHost.platform.answers.importFile.push(file);
  await wizard().getByRole('button', { name: button }).click();
  await visible(wizard().getByText(path.basename(file), { exact: true }));
}

async function next(name: string | RegExp): Promise<void> {
  await wizard().getByRole('button', { name }).click();
}

/** A row of a table in the wizard, found by text in it. */
function row(table: string, text: string | RegExp): Locator {
  return page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });
}

async function memberCount(): Promise<number> {
  const info = await testHost.host.call('workspace.current', {});
  if (!info.ok) throw new Error(info.error.messageKey);
  return info.value.counts.members ?? 0;
}

/** A UTF-8 CSV with the kinds of mistakes the wizard must explain by row, column, value and fix. */
function writeProblemsCsv(file: string): void {
  const lines = [
    '姓名,手机,邮箱,性别,社群,邀请人,入群日期',
    '张伟,13800138000,zw@example.com,男,,,3/4/2024',
    '李娜,1.38E+10,,女,,,5/6/2024',
    '王芳,138001,wangfang@example,不详,,,7/8/2024',
    '赵敏,13900139000,,女,不存在的群,钱多多,1/2/2024',
    '孙丽,13700137000,sl@example.com,女,,,9/10/2024',
    '合计,5人,,,,,',
  ];
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Big enough that the import runs long enough to be cancelled. */
function writeBigCsv(file: string, rows: number): void {
  const lines = ['姓名,手机,城市'];
  for (let i = 0; i < rows; i++) lines.push(`成员${i},1${String(5_000_000_000 + i).padStart(10, '0')},杭州`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`, 'utf8');
}

let problemsCsv: string;
let bigCsv: string;
let legacyXls: string;
const ROSTER = path.join(FIXTURES, 'roster_wps.xlsx');
const GB18030 = path.join(FIXTURES, 'members_gb18030.csv');

beforeAll(async () => {
  testHost = await startTestHost();
  problemsCsv = path.join(testHost.dataDir, '问题名单.csv');
  bigCsv = path.join(testHost.dataDir, 'big.csv');
  writeProblemsCsv(problemsCsv);
  writeBigCsv(bigCsv, 40_000);
  // An old binary Excel workbook (an OLE compound file): it cannot be imported, and the wizard says how to fix it.
  legacyXls = path.join(testHost.dataDir, '旧名单.xls');
  fs.writeFileSync(legacyXls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
  ({ browser, page, problems } = await launchPage(VIEWPORT));
  await page.goto(testHost.url);
  await until(() => testHost.eventClientCount() > 0, 'the event stream');
});

afterAll(async () => {
  await browser?.close();
  await testHost?.close();
});

describe('member import wizard (zh-CN)', () => {
  it('opens the import section from the navigation', async () => {
    await page.getByRole('menuitem', { name: /导入成员/ }).click();
    await visible(page.getByRole('heading', { name: '导入成员' }));
    await visible(wizard().getByRole('button', { name: '选择文件…' }));
    await shot('zh-CN-1-file-empty');
  });

  it('says plainly why an old .xls cannot be imported, and how to fix it', async () => {
    await chooseFile(legacyXls, '选择文件…');
    await visible(wizard().getByText('无法导入这个文件'));
    await visible(wizard().getByText(/另存为 → Excel 工作簿（\*\.xlsx）/));
    expect(await wizard().getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await shot('zh-CN-1-file-error');
  });

  it('chooses the WPS roster and shows what was found', async () => {
    await chooseFile(ROSTER, '换一个文件…');
    await visible(wizard().getByText('第 4 行', { exact: true }));
    await visible(wizard().getByText('Sheet1 · 107 行'));
    await shot('zh-CN-1-file');
  });

  it('shows the sheet and the detected header row, and lets the operator pick another', async () => {
    await next('下一步');
    await visible(wizard().getByText('已自动识别第 4 行为表头。如果不对，请在下面点选正确的那一行。'));
    await visible(wizard().locator('.ant-radio-button-wrapper-checked').filter({ hasText: 'Sheet1' }));
    await shot('zh-CN-2-source');
    await row('表头行', '小佳琪0').click();
    await visible(wizard().getByText('已把第 5 行设为表头。', { exact: false }));
    await row('表头行', '学员姓名').click();
    await visible(wizard().getByText('已把第 4 行设为表头。', { exact: false }));
  });

  it('maps the columns, reports a clash, and takes a fix', async () => {
    await next('下一步');
    await visible(page.getByRole('table', { name: '每一列导入到哪里' }));
    await shot('zh-CN-3-mapping');
    // Two columns on the phone: the wizard says which and blocks the import.
    await choose('B 列导入为', '手机号');
    await visible(wizard().getByText('列的对应有问题，改好之后才能导入'));
    await visible(wizard().getByText(/“手机号”同时对应了 B, D 列/).first());
    await shot('zh-CN-3-mapping-issue');
    await choose('B 列导入为', '昵称');
    await expect.poll(() => wizard().getByText('列的对应有问题，改好之后才能导入').count(), { timeout: WAIT }).toBe(0);
    // The fix: the running number 编号 is not member data.
    await choose('A 列导入为', '不导入');
    await visible(wizard().getByLabel('A 列导入为', { exact: true }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').getByText('不导入'));
  });

  it('previews the counts and imports the roster', async () => {
    await next('下一步');
    await expectCounts({ dataRows: 103, importableRows: 103, problemRows: 0, rejectedRows: 0, blankSkipped: 2, summarySkipped: 1 });
    await visible(wizard().getByText('没有发现问题，所有数据行都可以导入。'));
    await visible(row('整理后的前 50 行', '15900000085'));
    // The 编号 column was set to "do not import": no custom field left in the preview.
    expect(await page.getByRole('table', { name: '整理后的前 50 行' }).getByText('编号: 1').count()).toBe(0);
    await shot('zh-CN-4-preview');
    await next('导入 103 行');
    await visible(wizard().getByText('导入完成：新增 100 位成员'));
    await expectCounts({ created: 100, updated: 0, mergedInFile: 3, conflicts: 0 });
    expect(await memberCount()).toBe(100);
    await shot('zh-CN-6-result');
  });

  it('imports the GB18030 CSV with a fixed column and saves the mapping as a template', async () => {
    await wizard().getByRole('button', { name: '再导入一个文件' }).click();
    await chooseFile(GB18030, '选择文件…');
    await visible(wizard().getByText('GBK / GB18030（中文 Excel、WPS 默认）'));
    await next('下一步');
    await visible(wizard().getByText('编码与分隔符'));
    await visible(row('表头行', '金佳琪'));
    await shot('zh-CN-2-source-csv');
    await next('下一步');
    // 备注 holds where people came from (老带新): it belongs in 来源.
    await choose('G 列导入为', '来源');
    await visible(wizard().getByLabel('G 列导入为', { exact: true }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').getByText('来源'));
    await wizard().getByRole('button', { name: '保存为模板…' }).click();
    await page.getByLabel('模板名称').fill('GBK 会员表');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await visible(toast('已保存模板“GBK 会员表”'));
    await next('下一步');
    await expectCounts({ dataRows: 60, importableRows: 60 });
    await visible(page.getByRole('table', { name: '整理后的前 50 行' }).getByRole('columnheader', { name: '来源' }));
    await next('导入 60 行');
    await visible(wizard().getByText(/导入完成/));
    const created = await count('created');
    const updated = await count('updated');
    expect(created).toBe(20);
    expect(created + updated + (await count('unchanged'))).toBe(60);
    expect(await memberCount()).toBe(120);
  });

  it('re-imports the same file with the template and says 0 new', async () => {
    await wizard().getByRole('button', { name: '再导入一个文件' }).click();
    await chooseFile(GB18030, '选择文件…');
    await next('下一步');
    await next('下一步');
    await wizard().getByRole('button', { name: '套用模板…' }).click();
    await page.getByRole('menuitem', { name: 'GBK 会员表' }).click();
    await visible(toast('已套用模板“GBK 会员表”'));
    await visible(wizard().getByLabel('G 列导入为', { exact: true }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').getByText('来源'));
    await next('下一步');
    await next('导入 60 行');
    await visible(wizard().getByText('导入完成：0 位新成员'));
    await visible(wizard().getByText('文件里的成员都已经在工作区中，而且信息一致：没有新增，也没有任何改动。'));
    await expectCounts({ created: 0, updated: 0, unchanged: 60 });
    expect(await memberCount()).toBe(120);
    await shot('zh-CN-6-result-none-new');
  });

  it('explains every problem of a messy file, imports the rest and exports the problem rows', async () => {
    await wizard().getByRole('button', { name: '再导入一个文件' }).click();
    await chooseFile(problemsCsv, '选择文件…');
    await next('下一步');
    await next('下一步');
    // 3/4/2024 could be either order and nothing in the column tells: the wizard asks.
    const dateOrder = wizard().getByLabel('G 列的日期顺序', { exact: true });
    await visible(dateOrder);
    await shot('zh-CN-3-mapping-date-order');
    await choose('G 列的日期顺序', '日/月/年（例：9/3/2024 = 2024-03-09）');
    await next('下一步');
    await expectCounts({ dataRows: 5, summarySkipped: 1 });
    await visible(row('整理后的前 5 行', '张伟').getByText('2024-04-03'));
    expect(await page.getByRole('table', { name: /发现的问题/ }).getByText('3/4/2024').count()).toBe(0);
    const problemTable = page.getByRole('table', { name: /发现的问题/ });
    await visible(problemTable.getByRole('row').filter({ hasText: '1.38E+10' }).filter({ hasText: '科学计数法' }));
    await visible(problemTable.getByRole('row').filter({ hasText: '138001' }).filter({ hasText: '只有 6 位数字' }));
    await visible(problemTable.getByRole('row').filter({ hasText: 'wangfang@example' }));
    await shot('zh-CN-4-preview-problems');
    await wizard().getByRole('radio', { name: /用文件中的内容覆盖/ }).check();
    await next('导入 5 行');
    await visible(wizard().getByText('导入完成：新增 5 位成员'));
    const storeProblems = page.getByRole('table', { name: /导入时发现的问题/ });
    await visible(storeProblems.getByRole('row').filter({ hasText: '不存在的群' }));
    await visible(storeProblems.getByRole('row').filter({ hasText: '钱多多' }));
    await shot('zh-CN-6-result-problems');
    const saveTo = path.join(testHost.dataDir, '问题行.xlsx');
    testHost.platform.answers.exportPath.push(saveTo);
    await wizard().getByRole('button', { name: '导出问题行（.xlsx）' }).click();
    await visible(toast(/^已导出 \d+ 行到 /));
    expect(fs.existsSync(saveTo)).toBe(true);
    expect(fs.statSync(saveTo).size).toBeGreaterThan(0);
  });

  it('cancels a big import and says nothing was imported', async () => {
    const before = await memberCount();
    await wizard().getByRole('button', { name: '再导入一个文件' }).click();
    await chooseFile(bigCsv, '选择文件…');
    await next('下一步');
    await next('下一步');
    await next('下一步');
    await next('导入 40,000 行');
    const cancel = wizard().getByRole('button', { name: '取消导入' });
    await visible(cancel);
    await shot('zh-CN-5-commit');
    await cancel.click();
    await visible(wizard().getByText('已取消，没有导入任何数据'));
    await shot('zh-CN-5-cancelled');
    expect(await memberCount()).toBe(before);
  });

  it('lists every import in the history and undoes one', async () => {
    await page.getByRole('tab', { name: /导入历史/ }).click();
    const history = '导入历史';
    await visible(row(history, '问题名单.csv'));
    expect(await page.getByRole('table', { name: history }).getByRole('row').filter({ hasText: 'members_gb18030.csv' }).count()).toBe(2);
    await visible(row(history, 'roster_wps.xlsx').getByText('新增 100 · 更新 0 · 无变化 0'));
    await shot('zh-CN-7-history');
    const before = await memberCount();
    await row(history, '问题名单.csv').getByRole('button', { name: '撤销' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销导入' }).click();
    await visible(toast('已撤销导入“问题名单.csv”'));
    await visible(row(history, '问题名单.csv').getByText('已撤销'));
    expect(await memberCount()).toBe(before - 5);
    // The re-import changed nothing, so there is nothing of it to undo.
    const reimport = page.getByRole('table', { name: history }).getByRole('row').filter({ hasText: 'members_gb18030.csv' }).first();
    expect(await reimport.getByRole('button', { name: '撤销' }).isDisabled()).toBe(true);
    await shot('zh-CN-7-history-undone');
  });
});

describe('member import wizard (English)', () => {
  it('switches to English', async () => {
    const result = await testHost.router('settings.update', { language: 'en' });
    expect(result.ok).toBe(true);
    await page.reload();
    await until(() => testHost.eventClientCount() > 0, 'the event stream');
    await visible(page.getByRole('menuitem', { name: /Import members/ }));
    // The shortcut of the section (Ctrl+I), as an operator would press it.
    await page.keyboard.press('Control+i');
    await visible(page.getByRole('heading', { name: 'Import members' }));
    await shot('en-1-file-empty');
  });

  it('walks the roster through every step in English', async () => {
    await chooseFile(ROSTER, 'Choose file…');
    await visible(wizard().getByText('Sheet1 · 107 rows'));
    await shot('en-1-file');
    await next('Next');
    await visible(wizard().getByText('Row 4 was recognised as the header. If that is wrong, click the right row below.'));
    await shot('en-2-source');
    await next('Next');
    await choose('Import column B as', 'Phone');
    await visible(wizard().getByText('Some columns need fixing before the import can run'));
    await shot('en-3-mapping-issue');
    await choose('Import column B as', 'Nickname');
    await expect.poll(() => wizard().getByText('Some columns need fixing before the import can run').count(), { timeout: WAIT }).toBe(0);
    await shot('en-3-mapping');
    await next('Next');
    await expectCounts({ dataRows: 103, importableRows: 103 });
    await shot('en-4-preview');
    await next('Import 103 rows');
    await visible(wizard().getByText('Import finished: 0 new members'));
    await shot('en-6-result-none-new');
  });

  it('shows problems, the running import and the result in English', async () => {
    await wizard().getByRole('button', { name: 'Import another file' }).click();
    await chooseFile(problemsCsv, 'Choose file…');
    await next('Next');
    await next('Next');
    await next('Next');
    await visible(page.getByRole('table', { name: /Problems found/ }).getByRole('row').filter({ hasText: 'scientific notation' }));
    await shot('en-4-preview-problems');
    await next('Import 5 rows');
    await visible(wizard().getByText('Import finished: 5 new members'));
    await shot('en-6-result-problems');
    await wizard().getByRole('button', { name: 'Import another file' }).click();
    await chooseFile(bigCsv, 'Choose file…');
    await next('Next');
    await next('Next');
    await next('Next');
    await next('Import 40,000 rows');
    const cancel = wizard().getByRole('button', { name: 'Cancel import' });
    await visible(cancel);
    await shot('en-5-commit');
    await cancel.click();
    await visible(wizard().getByText('Cancelled: nothing was imported'));
    await shot('en-5-cancelled');
  });

  it('shows the history in English', async () => {
    await page.getByRole('tab', { name: /Import history/ }).click();
    await visible(row('Import history', 'roster_wps.xlsx'));
    await shot('en-7-history');
  });

  it('logged no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
