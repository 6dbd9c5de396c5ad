import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeXlsxTable, type ExportColumn } from '../../../electron/services/exports/xlsx-table-writer.ts';

/** Re-reads an export with openpyxl, a spreadsheet library independent of ExcelJS. */
function readWithOpenpyxl(file: string): { title: string; freeze: string | null; filter: string | null; rows: Array<Array<[unknown, string]>> } {
  const script = `
import json, sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = [[[c.value.strftime('%Y-%m-%d') if isinstance(c.value, datetime.datetime) else c.value, c.data_type] for c in r] for r in ws.iter_rows()]
print(json.dumps({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as ReturnType<typeof readWithOpenpyxl>;
}

const columns: ExportColumn[] = [
  { header: '姓名', kind: 'text' },
  { header: '手机号', kind: 'phone' },
  { header: '入群时间', kind: 'date' },
  { header: '积分', kind: 'number' },
];

describe('writeXlsxTable', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-export-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes phones as text, dates as dates, a frozen filtered header, and no formula cells', async () => {
    const file = path.join(dir, 'members.xlsx');
    const result = await writeXlsxTable(file, {
      sheetName: '成员',
      columns,
      rows: [
        ['张伟', '13812345678', '2024-03-09', 5],
        ['=HYPERLINK("http://evil","x")', '+14155550123', '2024-12-31', null],
        ['@SUM(A1)', '13900000000', null, -3],
        ['\tcmd', '13700000000', '2025-01-01', 1.5],
        ['-2+3 😀', '', '', 0],
      ],
    });
    expect(result.rows).toBe(5);
    const read = readWithOpenpyxl(file);
    expect(read.title).toBe('成员');
    expect(read.freeze).toBe('A2');
    expect(read.filter).toBe('A1:D1');
    expect(read.rows[0]?.map(([value]) => value)).toEqual(['姓名', '手机号', '入群时间', '积分']);
    expect(read.rows[1]).toEqual([['张伟', 's'], ['13812345678', 's'], ['2024-03-09', 'd'], [5, 'n']]);
    expect(read.rows[2]?.[0]).toEqual(['\'=HYPERLINK("http://evil","x")', 's']);
    expect(read.rows[2]?.[1]).toEqual(['+14155550123', 's']);
    expect(read.rows[3]?.[0]).toEqual(["'@SUM(A1)", 's']);
    expect(read.rows[3]?.[3]).toEqual([-3, 'n']);
    expect(read.rows[4]?.[0]).toEqual(["'\tcmd", 's']);
    expect(read.rows[5]?.[0]).toEqual(["'-2+3 😀", 's']);
    const types = read.rows.flat().map(([, type]) => type);
    expect(types).not.toContain('f');
  });

  it('leaves no file behind when the export is aborted part-way', async () => {
    const file = path.join(dir, 'aborted.xlsx');
    function* manyRows() {
      for (let i = 0; i < 5000; i += 1) yield [`成员${i}`, '13812345678', '2024-03-09', i];
    }
    await expect(
      writeXlsxTable(file, {
        sheetName: 'x',
        columns,
        rows: manyRows(),
        onProgress: (written) => {
          if (written >= 1000) throw new Error('cancelled by operator');
        },
      }),
    ).rejects.toThrow('cancelled by operator');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a target folder that does not exist, naming it', async () => {
    const missing = path.join(dir, 'nope', 'x.xlsx');
    await expect(writeXlsxTable(missing, { sheetName: 'x', columns, rows: [] })).rejects.toMatchObject({
      appError: { code: 'IO', messageKey: 'errors.folderMissing', params: { path: path.join(dir, 'nope') } },
    });
  });
});
