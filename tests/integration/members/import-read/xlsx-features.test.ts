/** xlsx specifics, each in a workbook written exactly for it (by hand, or by ExcelJS's own writer). */
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { previewImport } from '../../../../electron/services/members/import/index.ts';
import { buildXlsx, buildZip, readAll, sheetXml, tempDir } from './helpers.ts';

const temp = tempDir('xlsx');
afterAll(() => temp.cleanup());

describe('dates in xlsx', () => {
  const rows = (dateStyle: number) => ({
    1: ['姓名', '手机', '入群时间', '到期'],
    2: ['张三', 13800138000, { n: 43830, s: dateStyle }, { n: 43831, s: dateStyle }],
    3: ['李四', 13900139000, 43830, null],
  });

  it.each([
    ['1', '1904-1.xlsx'],
    ['true', '1904-true.xlsx'],
  ] as const)('reads the 1904 date system (date1904="%s") for date cells and raw serials alike', async (flag, name) => {
    const path = temp.file(name, buildXlsx({ date1904: flag, cellXfs: ['<xf numFmtId="14" applyNumberFormat="1"/>'], sheets: [{ name: 'S', xml: sheetXml(rows(1)) }] }));
    const { rows: read } = await readAll(path);
    expect(read.map((row) => row.draft?.joinedOn)).toEqual(['2024-01-01', '2024-01-01']);
    expect(read[0]?.draft?.customFields).toEqual({ 到期: '2024-01-02' });
    expect(read[0]?.cells[2]).toBe('2024-01-01');
  });

  it('reads CJK built-in date formats (numFmtId 27–36, 50–58) as dates, everywhere', async () => {
    const path = temp.file(
      'cjk.xlsx',
      buildXlsx({
        cellXfs: ['<xf numFmtId="31" applyNumberFormat="1"/>', '<xf numFmtId="58"/>', '<xf numFmtId="32"/>', '<xf numFmtId="27"/>'],
        sheets: [
          {
            name: 'S',
            xml: sheetXml({
              1: ['姓名', '手机', '入群时间', '生日', '签到时间', '报名月'],
              2: ['张三', 13800138000, { n: 45360, s: 1 }, { n: 32874, s: 2 }, { n: 0.5, s: 3 }, { n: 45352, s: 4 }],
            }),
          },
        ],
      }),
    );
    const { rows } = await readAll(path);
    expect(rows[0]?.draft?.joinedOn).toBe('2024-03-09');
    expect(rows[0]?.draft?.birthYear).toBe(1990);
    // A time of day (below one day) stays a number; a date format in a custom column becomes its date.
    expect(rows[0]?.draft?.customFields).toEqual({ 签到时间: '0.5', 报名月: '2024-03-01' });
  });

  it('leaves numbers alone when the workbook redefines a CJK format id as a number format', async () => {
    const path = temp.file('redefined.xlsx', buildXlsx({ numFmts: '<numFmts count="1"><numFmt numFmtId="31" formatCode="0.00"/></numFmts>', cellXfs: ['<xf numFmtId="31"/>'], sheets: [{ name: 'S', xml: sheetXml({ 1: ['手机', '积分'], 2: [13800138000, { n: 45360, s: 1 }] }) }] }));
    const { rows } = await readAll(path);
    expect(rows[0]?.draft?.customFields).toEqual({ 积分: '45360' });
  });
});

describe('cells of every kind', () => {
  it('reads shared strings, formulas by their cached result, booleans and errors', async () => {
    const xml = sheetXml({
      1: ['姓名', '手机', '备注', '已缴费', '城市'],
      2: [
        { xml: '<c r="{ref}" t="s"><v>0</v></c>' },
        { xml: '<c r="{ref}"><f>13800138000+0</f><v>13800138000</v></c>' },
        { xml: '<c r="{ref}" t="str"><f>"老"&amp;"带新"</f><v>老带新</v></c>' },
        { xml: '<c r="{ref}" t="b"><v>1</v></c>' },
        { xml: '<c r="{ref}" t="e"><v>#N/A</v></c>' },
      ],
    });
    const { rows } = await readAll(temp.file('kinds.xlsx', buildXlsx({ sheets: [{ name: 'S', xml }], sharedStrings: ['张三'] })));
    expect(rows[0]?.draft).toMatchObject({ realName: '张三', phone: { value: '13800138000' }, notes: '老带新', city: '#N/A', customFields: { 已缴费: 'TRUE' } });
  });

  it('joins the runs of a rich-text shared string', async () => {
    const xml = sheetXml({ 1: ['姓名', '手机'], 2: [{ xml: '<c r="{ref}" t="s"><v>0</v></c>' }, 13800138000] });
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const zip = buildZip([
      { name: 'xl/workbook.xml', data: `<workbook xmlns="${ns}" xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/sharedStrings.xml', data: `<sst xmlns="${ns}"><si><r><rPr><b/></rPr><t>张</t></r><r><t>三丰</t></r></si></sst>` },
      { name: 'xl/worksheets/sheet1.xml', data: xml },
    ]);
    const { rows } = await readAll(temp.file('rich.xlsx', zip));
    expect(rows[0]?.draft?.realName).toBe('张三丰');
  });

  it('reads sheet XML whose elements carry a namespace prefix (<x:row>, as the .NET Open XML SDK writes)', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const cell = (ref: string, text: string) => `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;
    const xml =
      `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1">${cell('A1', '姓名')}${cell('B1', '手机')}</x:row>` +
      `<x:row r="2">${cell('A2', '王芳')}<x:c r="B2"><x:v>13800138000</x:v></x:c></x:row></x:sheetData>` +
      `<x:mergeCells count="0"/></x:worksheet>`;
    const { rows, session } = await readAll(temp.file('prefixed.xlsx', buildXlsx({ sheets: [{ name: 'S', xml }] })));
    expect(session.source.sheets).toEqual([{ name: 'S', rows: 2, hidden: false }]);
    expect(rows.map((row) => [row.draft?.realName, row.keys.phone])).toEqual([['王芳', '13800138000']]);
  });

  it('writes numeric phone cells as their digits, never 1.38E+10', async () => {
    const path = temp.file('phones.xlsx', buildXlsx({ cellXfs: ['<xf numFmtId="11"/>'], sheets: [{ name: 'S', xml: sheetXml({ 1: ['手机'], 2: [13800138000], 3: [{ n: 13900139000, s: 1 }], 4: [8613700137000] }) }] }));
    const { rows } = await readAll(path);
    expect(rows.map((row) => [row.cells[0], row.keys.phone])).toEqual([
      ['13800138000', '13800138000'],
      ['13900139000', '13900139000'],
      ['8613700137000', '13700137000'],
    ]);
  });
});

describe('layout', () => {
  it('fills vertically merged cells down and reads a two-level merged header', async () => {
    const xml = sheetXml(
      {
        1: ['2025 春季班名单'],
        2: ['基本信息', null, '联系方式', null, '所在群'],
        3: ['姓名', '性别', '手机', '微信', null],
        4: ['张三', '男', 13800138000, 'zhangsan01', '一群'],
        5: ['李四', '女', 13900139000, 'lisi_0002', null],
        6: ['王五', '男', 13700137000, 'wangwu_03', null],
        7: ['赵六', '女', 13600136000, 'zhaoliu_4', '二群'],
      },
      '<mergeCells count="4"><mergeCell ref="A1:E1"/><mergeCell ref="A2:B2"/><mergeCell ref="C2:D2"/><mergeCell ref="E2:E3"/><mergeCell ref="E4:E6"/></mergeCells>',
    );
    const preview = await previewImport(temp.file('merged.xlsx', buildXlsx({ sheets: [{ name: 'S', xml }] })));
    expect(preview.headerRow).toBe(3);
    expect(preview.headers).toEqual(['姓名', '性别', '手机', '微信', '所在群']);
    expect(preview.rows.map((row) => row.draft?.group)).toEqual(['一群', '一群', '一群', '二群']);
  });

  it('defaults to the visible sheet with the most rows, lists every sheet, and reads a chosen one', async () => {
    const small = sheetXml({ 1: ['姓名', '手机'], 2: ['甲', 13800138001] });
    const big = sheetXml({ 1: ['说明'], 2: ['姓名', '手机'], 3: ['乙', 13800138002], 4: ['丙', 13800138003] });
    const hidden = sheetXml({ 1: ['姓名', '手机'], 2: ['a', 13800138004], 3: ['b', 13800138005], 4: ['c', 13800138006], 5: ['d', 13800138007] });
    const path = temp.file('sheets.xlsx', buildXlsx({ sheets: [{ name: '汇总', xml: small }, { name: '三期学员', xml: big }, { name: '草稿', xml: hidden, hidden: true }] }));
    const preview = await previewImport(path);
    expect(preview.source.sheets).toEqual([
      { name: '汇总', rows: 2, hidden: false },
      { name: '三期学员', rows: 4, hidden: false },
      { name: '草稿', rows: 5, hidden: true },
    ]);
    expect(preview.source.sheet).toBe('三期学员');
    expect(preview.headerRow).toBe(2);
    expect(preview.rows.map((row) => row.draft?.realName)).toEqual(['乙', '丙']);
    expect((await previewImport(path, { sheet: '汇总' })).rows.map((row) => row.draft?.realName)).toEqual(['甲']);
    expect((await previewImport(path, { sheet: ' 草稿 ' })).counts.dataRows).toBe(4);
  });

  it('reads the last of several sheets every time, in a workbook without shared strings (ExcelJS\'s own reader drops sheets here)', async () => {
    const sheet = (n: number) => sheetXml({ 1: ['姓名', '手机'], 2: [`人${n}`, 13800138000 + n] });
    const path = temp.file('many.xlsx', buildXlsx({ sheets: [1, 2, 3, 4].map((n) => ({ name: `S${n}`, xml: sheet(n) })) }));
    for (let i = 0; i < 15; i++) {
      const { rows } = await readAll(path, { sheet: 'S4' });
      expect(rows.map((row) => row.draft?.realName)).toEqual(['人4']);
    }
  });

  it('counts rows missing from the file and empty rows inside the data as blank, trailing ones not at all', async () => {
    const xml = sheetXml({ 1: ['姓名', '手机'], 2: ['甲', 13800138001], 3: [null, '  '], 6: ['乙', 13800138002], 8: [null], 9: ['合计：2人'], 12: [null, null] });
    const preview = await previewImport(temp.file('gaps.xlsx', buildXlsx({ sheets: [{ name: 'S', xml }] })));
    // Rows 3 (empty), 4–5 (absent), 7 (absent) and 8 (empty) lie inside the table; 10–12 trail it.
    expect(preview.counts).toMatchObject({ dataRows: 2, blankSkipped: 5, summarySkipped: 1 });
    expect(preview.rows.map((row) => row.row)).toEqual([2, 6]);
  });

  it('takes the header row the operator names', async () => {
    const xml = sheetXml({ 1: ['姓名', '手机'], 2: ['真名', '电话号码'], 3: ['甲', 13800138001] });
    const preview = await previewImport(temp.file('override.xlsx', buildXlsx({ sheets: [{ name: 'S', xml }] })), { headerRow: 2 });
    expect(preview.headerRow).toBe(2);
    expect(preview.headers).toEqual(['真名', '电话号码']);
    expect(preview.rows[0]?.keys.phone).toBe('13800138001');
  });
});

describe('Chinese text across chunk boundaries (ExcelJS streaming decoder workaround)', () => {
  const names = Array.from({ length: 4000 }, (_, i) => `学员${'张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许'.slice(i % 20, (i % 20) + 1)}${'佳琪慧磊晨思远婷俊杰'.repeat(3).slice(i % 7, (i % 7) + 4)}${i}🌸`);

  it('keeps every character of inline strings intact', async () => {
    const rows: Record<number, (string | number)[]> = { 1: ['姓名', '手机', '备注'] };
    names.forEach((name, i) => (rows[i + 2] = [name, 13800000000 + i, `${name}的备注：坚持打卡第${i}天`]));
    const { rows: read } = await readAll(temp.file('cjk-inline.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] })));
    expect(read.map((row) => row.draft?.realName)).toEqual(names);
    expect(read.every((row) => !row.cells.join('').includes('\ufffd'))).toBe(true);
  });

  it('keeps every character of shared strings intact in a workbook written by ExcelJS', async () => {
    const path = temp.file('cjk-shared.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
    const sheet = writer.addWorksheet('学员');
    sheet.addRow(['姓名', '手机', '入群时间', '城市']).commit();
    names.forEach((name, i) => {
      const row = sheet.addRow([name, 13800000000 + i, new Date(Date.UTC(2024, i % 12, (i % 28) + 1)), `城市${name}`]);
      row.getCell(3).numFmt = 'yyyy-mm-dd';
      row.commit();
    });
    sheet.commit();
    await writer.commit();
    const { rows: read } = await readAll(path);
    expect(read.map((row) => row.draft?.realName)).toEqual(names);
    expect(read.map((row) => row.draft?.city)).toEqual(names.map((name) => `城市${name}`));
    expect(read[13]?.draft?.joinedOn).toBe('2024-02-14');
    expect(read.every((row) => !row.cells.join('').includes('\ufffd'))).toBe(true);
  });
});
