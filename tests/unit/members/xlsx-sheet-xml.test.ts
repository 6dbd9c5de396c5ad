import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../../electron/services/members/import/raw-row.ts';
import { readSharedStrings } from '../../../electron/services/members/import/xlsx/shared-strings.ts';
import { SheetRowHandler, serialToDate, type SheetContext } from '../../../electron/services/members/import/xlsx/sheet-rows.ts';
import { attribute, decodeXmlText, XmlScanner, XmlSyntaxError } from '../../../electron/services/members/import/xlsx/xml-scan.ts';

/** The same XML cut into pieces of `size` characters: a chunk boundary may fall anywhere, inside a tag or a character reference. */
function pieces(xml: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < xml.length; i += size) out.push(xml.slice(i, i + size));
  return out;
}

const CONTEXT: SheetContext = {
  sharedStrings: ['张伟', '手机号'],
  dateStyles: new Set([2]),
  cjkDateStyles: new Set([3]),
  date1904: false,
  maxCellChars: 20,
};

function readSheet(xml: string, size = xml.length, context: SheetContext = CONTEXT): RawRow[] {
  const rows: RawRow[] = [];
  const scanner = new XmlScanner(new SheetRowHandler(context, (row) => rows.push(row)));
  for (const piece of pieces(xml, size)) scanner.push(piece);
  scanner.finish();
  return rows;
}

const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData><mergeCells count="0"/></worksheet>`;

describe('worksheet rows', () => {
  const xml = sheet(
    '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">小 &amp; 雨</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></is></c>' +
      '<c r="B3"><v>13800138000</v></c><c r="C3" s="2"><v>45292</v></c><c r="D3" s="3"><v>45292.5</v></c><c r="E3" s="3"><v>0.25</v></c></row>' +
      '<row r="4"><c r="A4" t="str"><f>A3&amp;"x"</f><v>王小x</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D4" t="d"><v>2025-03-04T00:00:00Z</v></c><c r="F4" s="2"/></row>' +
      '<row r="5"/>' +
      '<row r="6"><c t="inlineStr"><is><t>a_x000D_b</t></is></c><c><v>7</v></c><c r="E6"><f>SUM(A1:A2)</f></c></row>',
  );

  it('reads shared strings, inline rich text (runs joined, phonetic guide left out), numbers, dates by style, formulas by result', () => {
    const rows = readSheet(xml);
    expect(rows.map((row) => row.row)).toEqual([1, 3, 4, 5, 6]);
    expect(rows[0]?.cells).toEqual(['张伟', '手机号']);
    expect(rows[1]?.cells).toEqual(['王小 & 雨', 13800138000, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T12:00:00Z'), 0.25]);
    expect(rows[2]?.cells).toEqual(['王小x', true, '#DIV/0!', new Date('2025-03-04T00:00:00Z')]);
    expect(rows[3]?.cells).toEqual([]);
    expect(rows[4]?.cells).toEqual(['a\rb', 7]);
  });

  it('reads the same rows whatever the chunk boundaries', () => {
    const whole = readSheet(xml);
    for (const size of [1, 2, 3, 7, 64]) expect(readSheet(xml, size)).toEqual(whole);
  });

  it('leaves a cell longer than the cap out of the row and reports it', () => {
    const rows = readSheet(sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>${'长'.repeat(21)}</t></is></c><c r="B2"><v>1</v></c></row>`));
    expect(rows).toEqual([{ row: 2, cells: [null, 1], oversized: [{ column: 0, length: 21 }] }]);
  });

  it('reads namespace-prefixed elements, comments and CDATA', () => {
    const rows = readSheet('<x:worksheet xmlns:x="urn:x"><!-- made by a script --><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t><![CDATA[a<b&c]]></x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>', 5);
    expect(rows).toEqual([{ row: 2, cells: [null, 'a<b&c'] }]);
  });

  it('refuses what is not a worksheet: a row without a number, a cell outside the sheet, a DOCTYPE, a part cut inside a tag', () => {
    expect(() => readSheet(sheet('<row><c r="A1"><v>1</v></c></row>'))).toThrow(XmlSyntaxError);
    expect(() => readSheet(sheet('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>'))).toThrow(XmlSyntaxError);
    expect(() => readSheet('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')).toThrow(XmlSyntaxError);
    expect(() => readSheet('<worksheet><sheetData><row r="1"')).toThrow(XmlSyntaxError);
  });

  it('counts serial days in the 1900 and 1904 systems', () => {
    expect(serialToDate(45292, false).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(serialToDate(43830, true).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('shared strings', () => {
  async function* chunks(xml: string, size: number): AsyncGenerator<string> {
    yield* pieces(xml, size);
  }

  it('joins rich text runs, leaves out the phonetic guide, keeps spaces and decodes escapes', async () => {
    const xml =
      '<sst count="4"><si><t>张伟</t></si><si><r><t>李</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve"> 娜 </t></r></si>' +
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t>A &lt;&amp;&gt; &#x4E2D;&#25991;_x000A_</t></si><si><t/></si></sst>';
    for (const size of [1, 3, 1000]) expect(await readSharedStrings(chunks(xml, size))).toEqual(['张伟', '李 娜 ', '東京', 'A <&> 中文\n', '']);
  });
});

describe('xml helpers', () => {
  it('finds attributes by whole name, in either quotes, with entities decoded', () => {
    const tag = `<c rr="x" r="B2" s='3' t = "s" title="a &amp; b">`;
    expect(attribute(tag, 'r')).toBe('B2');
    expect(attribute(tag, 's')).toBe('3');
    expect(attribute(tag, 't')).toBe('s');
    expect(attribute(tag, 'title')).toBe('a & b');
    expect(attribute(tag, 'missing')).toBeNull();
  });

  it('decodes character references and Office escapes, and leaves unknown ones as written', () => {
    expect(decodeXmlText('&#128512;&unknown;_x005F_x000D_')).toBe('😀&unknown;_x000D_');
  });

  it('finds a tag end past a ">" inside a quoted attribute', () => {
    const opened: string[] = [];
    const scanner = new XmlScanner({ wantsText: false, open: (_name, tag) => opened.push(tag), close: () => undefined, text: () => undefined });
    scanner.push('<numFmt formatCode="[>=100]0" id="1"/><b>');
    expect(opened).toEqual(['<numFmt formatCode="[>=100]0" id="1"/>', '<b>']);
  });
});
