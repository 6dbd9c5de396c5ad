import { describe, expect, it } from 'vitest';
import { detectDelimiter, sepDirective } from '../../../electron/services/members/import/text/delimiter.ts';
import { decodedLooksBinary } from '../../../electron/services/members/import/text/encoding.ts';
import { SheetScanner, TextTooLong } from '../../../electron/services/members/import/xlsx/sheet-scan.ts';
import { parseWorkbookParts } from '../../../electron/services/members/import/xlsx/workbook-parts.ts';
import { detectHeader } from '../../../electron/services/members/import/header-detect.ts';
import { isSummaryLabel, isSummaryRow } from '../../../electron/services/members/import/summary-row.ts';
import type { RawRow } from '../../../electron/services/members/import/raw-row.ts';

describe('detectDelimiter', () => {
  it('finds comma, tab and semicolon', () => {
    expect(detectDelimiter('姓名,手机,城市\n张三,138,上海\n', true)).toBe(',');
    expect(detectDelimiter('昵称\t手机号\t加入时间\n小a\t159\t2024-01-01\n', true)).toBe('\t');
    expect(detectDelimiter('Name;Phone;City\nA;1;Paris\nB;2;Lyon\n', true)).toBe(';');
  });

  it('is not fooled by commas inside quotes or pipes joining tags', () => {
    expect(detectDelimiter('name;note\n"Zhang, San";"a, b, c"\n"Li";"x,y"\n', true)).toBe(';');
    expect(detectDelimiter('Full Name,Labels\nYogi,yoga|beginner\nB,a|b|c\n', true)).toBe(',');
  });

  it('ignores title lines and a partial last line', () => {
    const sample = '会员名单\n\n姓名\t手机\t城市\n张三\t138\t上海\n李四\t139\t北, 京';
    expect(detectDelimiter(sample, false)).toBe('\t');
  });

  it('falls back to the extension’s delimiter for one-column files', () => {
    expect(detectDelimiter('手机\n13800138000\n', true, '\t')).toBe('\t');
    expect(detectDelimiter('手机\n13800138000\n', true)).toBe(',');
  });

  it('reads Excel’s sep= line', () => {
    expect(sepDirective('sep=;\r\na;b\n')).toBe(';');
    expect(sepDirective('a;b\n')).toBeNull();
  });
});

describe('decodedLooksBinary', () => {
  it('accepts text and refuses decoded junk', () => {
    expect(decodedLooksBinary('姓名,手机\n张三,138\n')).toBe(false);
    expect(decodedLooksBinary('\ufffd\u0001\u0002\ufffd\u0003\u0004abc\u0005\u0006')).toBe(true);
  });
});

describe('SheetScanner', () => {
  function scan(xml: string, chunk = 7, max = 1000) {
    const scanner = new SheetScanner(max);
    const bytes = Buffer.from(xml, 'utf8');
    for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
    return scanner.finish();
  }

  const sheet =
    '<worksheet><sheetData>' +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>' +
    '<row r="2"/>' +
    '<row r="3" spans="1:2"><c r="A3" s="1"/><c r="B3" t="inlineStr"><is><t> </t></is></c></row>' +
    '<row r="4"><c r="A4"><v>1</v></c></row>' +
    '<row r="5"><c r="A5" t="s"><v>0</v></c><c r="B5"><f>A4*2</f><v>2</v></c></row>' +
    '</sheetData><mergeCells count="2"><mergeCell ref="A1:H1"/><mergeCell ref="B6:B9"/></mergeCells></worksheet>';

  it('counts rows holding a value, whatever the chunk boundaries', () => {
    for (const chunk of [1, 3, 7, 64, 100_000]) expect(scan(sheet, chunk).rowsWithValues).toBe(3);
  });

  it('keeps merged ranges that span rows', () => {
    expect(scan(sheet).merges).toEqual([{ top: 6, bottom: 9, left: 2, right: 2 }]);
  });

  it('stops at a text run longer than the limit', () => {
    const big = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(5000)}</t></is></c></row></sheetData></worksheet>`;
    expect(() => scan(big, 100)).toThrow(TextTooLong);
  });

  it('reads prefixed element names like plain ones, and notices rows no reader can place', () => {
    const prefixed = scan('<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"/></x:sheetData><x:mergeCells><x:mergeCell ref="A1:A3"/></x:mergeCells></x:worksheet>');
    expect(prefixed).toMatchObject({ rowsWithValues: 1, unsupported: null, merges: [{ top: 1, bottom: 3, left: 1, right: 1 }] });
    expect(scan('<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>').unsupported).toBe('row without a number');
  });

  // A tag's name was once looked for by searching back through the whole chunk: 100,000 rows took 21 s.
  it('scans a big chunk in time proportional to its size', () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => `<row r="${index + 1}"><c r="A${index + 1}"><v>${index}</v></c><c r="B${index + 1}" t="s"><v>1</v></c></row>`);
    const started = Date.now();
    expect(scan(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`, 4_000_000, 100).rowsWithValues).toBe(20_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('parseWorkbookParts', () => {
  const rels =
    '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>' +
    '<Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/>' +
    '<Relationship Id="rId3" Type="x/worksheet" Target="worksheets/sheet3.xml"/>' +
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../xl/./styles.xml"/></Relationships>';
  const workbook =
    '<workbook xmlns:r="r"><workbookPr date1904="true"/><sheets>' +
    '<sheet name="名单 &amp; 备注" sheetId="1" r:id="rId1"/><sheet name="Two" sheetId="2" r:id="rId2"/>' +
    '<sheet name="Hidden" sheetId="3" state="hidden" r:id="rId3"/></sheets></workbook>';
  const styles =
    '<styleSheet><numFmts count="1"><numFmt numFmtId="57" formatCode="yyyy&quot;年&quot;"/></numFmts>' +
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="31" applyNumberFormat="1"/><xf numFmtId="14"/><xf numFmtId="57"/><xf numFmtId="58"><alignment/></xf></cellXfs></styleSheet>';

  it('lists sheets with names, parts and visibility, and finds the shared strings and styles parts', () => {
    const parts = parseWorkbookParts(workbook, rels, styles);
    expect(parts.sheets).toEqual([
      { name: '名单 & 备注', path: 'xl/worksheets/sheet1.xml', hidden: false },
      { name: 'Two', path: 'xl/worksheets/sheet2.xml', hidden: false },
      { name: 'Hidden', path: 'xl/worksheets/sheet3.xml', hidden: true },
    ]);
    expect(parts.sharedStringsPath).toBeNull();
    expect(parts.stylesPath).toBe('xl/styles.xml');
  });

  it('reads the 1904 flag written as "true" or "1"', () => {
    expect(parseWorkbookParts(workbook, rels, null).date1904).toBe(true);
    expect(parseWorkbookParts('<workbook><workbookPr date1904="1"/></workbook>', rels, null).date1904).toBe(true);
    expect(parseWorkbookParts('<workbook><workbookPr/></workbook>', rels, null).date1904).toBe(false);
  });

  it('finds the cell styles with CJK built-in date formats, unless the workbook redefines the id', () => {
    expect([...parseWorkbookParts(workbook, rels, styles).cjkDateStyles]).toEqual([1, 4]);
  });

  it('finds the cell styles showing dates: built-in date ids, and the workbook’s own date codes (a redefined id by its code)', () => {
    expect([...parseWorkbookParts(workbook, rels, styles).dateStyles]).toEqual([2, 3]);
    const custom =
      '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="[$-F800]dddd, mmmm dd, yyyy"/><numFmt numFmtId="165" formatCode="#,##0&quot;元&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>' +
      '<cellXfs><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="49"/></cellXfs></styleSheet>';
    expect([...parseWorkbookParts(workbook, rels, custom).dateStyles]).toEqual([0, 3]);
  });
});

describe('detectHeader', () => {
  const rows = (lines: (string | number | null)[][]): RawRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

  it('finds the header below a title, a subtitle and a blank row', () => {
    const guess = detectHeader(
      rows([
        ['瑜伽打卡营 · 三期学员名单'],
        ['统计截止：2025年12月31日'],
        [],
        ['编号', '群昵称', '学员姓名', '联系电话', '微信', '所在地区', '报名日期', '标签'],
        [1, '小佳琪0', '金磊', 15900000011, 'yoga_0000', '青岛', 45292, null],
      ]),
    );
    expect(guess).toEqual({ index: 3, detected: true });
  });

  it('prefers the lower row of a two-level header', () => {
    const guess = detectHeader(rows([['基本信息', null, '联系方式'], ['姓名', '性别', '手机', '微信'], ['张三', '男', '138', 'zs']]));
    expect(guess).toEqual({ index: 1, detected: true });
  });

  it('is not fooled by a data value that happens to be a header word', () => {
    const guess = detectHeader(rows([['说明：请勿修改表头'], ['姓名', '来源', '手机'], ['张三', '微信', 13800138000], ['李四', '电话', 13900139000]]));
    expect(guess).toEqual({ index: 1, detected: true });
  });

  it('falls back to the first non-blank row when nothing looks like a header', () => {
    expect(detectHeader(rows([[], ['Client', 'Contact'], ['A', 'B']]))).toEqual({ index: 1, detected: false });
    expect(detectHeader(rows([[], []]))).toBeNull();
  });
});

describe('summary rows', () => {
  it.each(['合计', '小计', '总计', '合计：', 'Total', 'TOTAL:', 'Grand Total', '共100人', '共 12 名', '合计100人', '小计 3'])('%s is a summary label', (text) => {
    expect(isSummaryLabel(text)).toBe(true);
  });

  it.each(['合计文化', '总计划', '张合计', 'Totally', '共享单车', '100人'])('%s is not', (text) => {
    expect(isSummaryLabel(text)).toBe(false);
  });

  it('never treats a row with an identity key as a summary', () => {
    expect(isSummaryRow(['小计', null, '100人'], false)).toBe(true);
    expect(isSummaryRow(['合计', '13800138000'], true)).toBe(false);
  });
});
