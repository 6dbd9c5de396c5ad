/**
 * A big CSV streams through in bounded memory. 200,000 rows here (about 17 MB) keep the suite fast;
 * MEMBERS_IMPORT_ROWS=1000000 runs the full million-row check.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { openImport } from '../../../../electron/services/members/import/index.ts';
import { tempDir } from './helpers.ts';

const ROWS = Number(process.env.MEMBERS_IMPORT_ROWS ?? 200_000);
const temp = tempDir('stream');
afterAll(() => temp.cleanup());

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\ufeff姓名,手机,微信号,性别,城市,入群日期,标签,备注\r\n');
  const surnames = '张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许';
  for (let i = 0; i < rows; i++) {
    const line = `${surnames[i % 21]}${surnames[(i * 7) % 21]}${i},${13000000000 + i},wx_user_${i},${i % 2 ? '男' : '女'},上海,2024/${(i % 12) + 1}/${(i % 28) + 1},瑜伽、新手,第${i}位成员\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('streaming', () => {
  it(`reads ${ROWS} rows with moderate memory`, { timeout: 120_000 }, async () => {
    const path = temp.file('big.csv');
    await writeCsv(path, ROWS);
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const session = await openImport(path);
    let count = 0;
    let lastPhone = '';
    for await (const row of session.rows()) {
      count++;
      lastPhone = row.keys.phone ?? '';
      if (count % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(count).toBe(ROWS);
    expect(lastPhone).toBe(String(13000000000 + ROWS - 1));
    expect(session.counts).toMatchObject({ dataRows: ROWS, importableRows: ROWS, problems: 0 });
    // The whole file as rows would take well over a gigabyte; streaming stays far below.
    expect(peak - before).toBeLessThan(250 * 1024 * 1024);
  });
});
