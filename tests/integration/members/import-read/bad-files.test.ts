/**
 * Files that cannot be imported each fail fast with the specific error that names the file and says what
 * to do: never a crash, a hang or a runaway allocation.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openImport, previewImport } from '../../../../electron/services/members/import/index.ts';
import { translate } from '../../../../shared/i18n/translate.ts';
import { buildXlsx, buildZip, importFailure, sharedFixtures, sheetXml, tempDir } from './helpers.ts';

const temp = tempDir('bad');
afterAll(() => temp.cleanup());

const roster = readFileSync(join(sharedFixtures, 'roster_wps.xlsx'));
const smallSheet = sheetXml({ 1: ['姓名', '手机'], 2: ['张三', 13800138000] });

async function failureOf(name: string, content: Buffer | string, options = {}) {
  const path = temp.file(name, content);
  return importFailure(() => previewImport(path, options));
}

describe('damaged and empty files', () => {
  it('a truncated xlsx (cut mid-download) is damaged', async () => {
    for (const fraction of [0.3, 0.6, 0.95]) {
      const error = await failureOf(`cut-${fraction}.xlsx`, roster.subarray(0, Math.floor(roster.length * fraction)));
      expect(error).toEqual({ code: 'VALIDATION', messageKey: 'importer.errors.xlsxDamaged', params: { file: `cut-${fraction}.xlsx` } });
    }
    expect((await failureOf('cut-end.xlsx', roster.subarray(0, roster.length - 5))).messageKey).toBe('importer.errors.xlsxDamaged');
  });

  it('an xlsx with corrupted bytes inside a part is damaged (checksum), not misread', async () => {
    const corrupt = Buffer.from(roster);
    const at = corrupt.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 200;
    for (let i = at; i < at + 64; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0x5a;
    expect((await failureOf('corrupt.xlsx', corrupt)).messageKey).toBe('importer.errors.xlsxDamaged');
  });

  it('an xlsx whose workbook points at a missing sheet is damaged', async () => {
    const zip = buildXlsx({ sheets: [{ name: 'A', xml: smallSheet }] });
    const withoutSheet = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
    ]);
    expect(zip.length).toBeGreaterThan(0);
    expect((await failureOf('nosheet.xlsx', withoutSheet)).messageKey).toBe('importer.errors.xlsxDamaged');
  });

  it('an empty file, a blank text file and a BOM-only file are empty', async () => {
    expect(await failureOf('empty.csv', Buffer.alloc(0))).toEqual({ code: 'VALIDATION', messageKey: 'importer.errors.emptyFile', params: { file: 'empty.csv' } });
    expect((await failureOf('empty.xlsx', Buffer.alloc(0))).messageKey).toBe('importer.errors.emptyFile');
    expect((await failureOf('blank.csv', ' \r\n\r\n\t\n')).messageKey).toBe('importer.errors.emptyFile');
    expect((await failureOf('bom.csv', Buffer.from([0xef, 0xbb, 0xbf]))).messageKey).toBe('importer.errors.emptyFile');
  });

  it('a CSV of blank lines and commas has no data', async () => {
    expect((await failureOf('commas.csv', ',,,\n,,,\n')).messageKey).toBe('importer.errors.noData');
  });

  it('an xlsx whose sheets hold nothing has no data', async () => {
    expect((await failureOf('blank.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml({}) }] }))).messageKey).toBe('importer.errors.noData');
  });
});

describe('binary junk and files of the wrong kind', () => {
  it('random bytes are refused as binary, whatever the extension', async () => {
    const junk = randomBytes(200_000);
    for (const name of ['junk.csv', 'junk.xlsx', 'junk.txt', 'junk.dat']) {
      expect(await failureOf(name, junk)).toEqual({ code: 'VALIDATION', messageKey: 'importer.errors.binary', params: { file: name } });
    }
  });

  it('known binary formats are refused as binary', async () => {
    expect((await failureOf('scan.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1000)]))).messageKey).toBe('importer.errors.binary');
    expect((await failureOf('photo.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), randomBytes(500)]))).messageKey).toBe('importer.errors.binary');
  });

  it('old .xls / WPS .et workbooks get "save as .xlsx"', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0), Buffer.from('Workbook', 'utf16le')]);
    const error = await failureOf('名单.xls', ole);
    expect(error).toEqual({ code: 'VALIDATION', messageKey: 'importer.errors.legacyXls', params: { file: '名单.xls' } });
    expect(translate('zh-CN', error.messageKey, error.params)).toContain('“名单.xls”是旧版 Excel（.xls）');
    expect(translate('zh-CN', error.messageKey, error.params)).toContain('.xlsx');
  });

  it('password-protected workbooks are recognised', async () => {
    const encrypted = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(512)]);
    expect((await failureOf('secret.xlsx', encrypted)).messageKey).toBe('importer.errors.encrypted');
  });

  it('.ods, .numbers, .xlsb and other zips say what they are', async () => {
    const ods = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }, { name: 'content.xml', data: '<office:document-content/>' }]);
    expect((await failureOf('list.ods', ods)).messageKey).toBe('importer.errors.ods');
    const numbers = buildZip([{ name: 'Index/Document.iwa', data: 'x' }, { name: 'Metadata/Properties.plist', data: 'x' }]);
    expect((await failureOf('list.numbers', numbers)).messageKey).toBe('importer.errors.numbers');
    const xlsb = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: 'x' }]);
    expect((await failureOf('list.xlsb', xlsb)).messageKey).toBe('importer.errors.xlsb');
    const docx = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]);
    expect((await failureOf('letter.xlsx', docx)).messageKey).toBe('importer.errors.notSpreadsheetZip');
  });

  it('a Numbers package (a folder) and any folder are refused', async () => {
    const bundle = join(temp.dir, 'roster.numbers');
    mkdirSync(bundle);
    expect((await importFailure(() => previewImport(bundle))).messageKey).toBe('importer.errors.numbers');
    expect((await importFailure(() => previewImport(temp.dir))).messageKey).toBe('importer.errors.isDirectory');
  });

  it('web pages and XML spreadsheets saved as .xls get "save as .xlsx"', async () => {
    expect((await failureOf('export.xls', '<html><head><meta charset="utf-8"></head><body><table><tr><td>姓名</td></tr></table></body></html>')).messageKey).toBe('importer.errors.htmlTable');
    expect((await failureOf('export2.xls', '\ufeff<table border="1"><tr><td>a</td></tr></table>')).messageKey).toBe('importer.errors.htmlTable');
    const xml2003 = '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>';
    expect((await failureOf('export.xml', xml2003)).messageKey).toBe('importer.errors.xmlSpreadsheet');
  });

  it('a missing file is an IO error naming the file', async () => {
    const error = await importFailure(() => previewImport(join(temp.dir, 'nope.xlsx')));
    expect(error).toEqual({ code: 'IO', messageKey: 'importer.errors.fileNotFound', params: { file: 'nope.xlsx' } });
  });
});

describe('oversized cells', () => {
  const FIFTY_MB = 50 * 1024 * 1024;

  it('a 50 MB single cell in a CSV stops the read with a clear error', async () => {
    const big = Buffer.alloc(FIFTY_MB + 20, 0x78);
    Buffer.from('姓名,备注\n张三,').copy(big, 0);
    const before = process.memoryUsage().rss;
    const error = await failureOf('big-cell.csv', big);
    expect(error.messageKey).toBe('importer.errors.recordTooLarge');
    expect(error.params).toMatchObject({ file: 'big-cell.csv', row: 2 });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  /** 50 MB of letters that do not compress: a random block longer than deflate's window, repeated. */
  const incompressible = (): Buffer => Buffer.alloc(FIFTY_MB, randomBytes(48 * 1024).toString('base64'));

  /** The big part is stored, not deflated: writers do that too, and it keeps the test fast. */
  function storedXlsx(sheet: Buffer, sharedStrings?: Buffer): Buffer {
    return buildZip([
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
      ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: Buffer.concat([Buffer.from('<sst><si><t>'), sharedStrings, Buffer.from('</t></si></sst>')]), store: true }] : []),
      { name: 'xl/worksheets/sheet1.xml', data: sheet, store: true },
    ]);
  }

  const sheetAround = (cell: Buffer | string): Buffer =>
    Buffer.concat([
      Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>备注</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c>'),
      typeof cell === 'string' ? Buffer.from(cell) : Buffer.concat([Buffer.from('<c r="B2" t="inlineStr"><is><t>'), cell, Buffer.from('</t></is></c>')]),
      Buffer.from('</row></sheetData></worksheet>'),
    ]);

  it('a 50 MB single cell in an xlsx is refused before any parser builds it', async () => {
    const before = process.memoryUsage().rss;
    const error = await failureOf('big-cell.xlsx', storedXlsx(sheetAround(incompressible())));
    expect(error).toEqual({ code: 'VALIDATION', messageKey: 'importer.errors.cellTooLarge', params: { file: 'big-cell.xlsx', limit: '1 MB' } });
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });

  it('a 50 MB shared string is refused the same way', async () => {
    const error = await failureOf('big-shared.xlsx', storedXlsx(sheetAround('<c r="B2" t="s"><v>0</v></c>'), incompressible()));
    expect(error.messageKey).toBe('importer.errors.cellTooLarge');
  });

  it('a compressed 5 MB cell is refused by the same cap', async () => {
    const text = randomBytes(48 * 1024).toString('base64').repeat(80);
    const xlsx = buildXlsx({ sheets: [{ name: 'S', xml: sheetXml({ 1: ['姓名', '备注'], 2: ['张三', text] }) }] });
    expect((await failureOf('five-mb.xlsx', xlsx)).messageKey).toBe('importer.errors.cellTooLarge');
  });

  it('a cell longer than Excel allows but not absurd is a problem on its row, not the whole file', async () => {
    const long = 'x'.repeat(40_000);
    for (const [name, content] of [
      ['long.csv', `姓名,手机,备注\n张三,13800138000,${long}\n李四,13900139000,ok\n`],
      ['long.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml({ 1: ['姓名', '手机', '备注'], 2: ['张三', 13800138000, long], 3: ['李四', 13900139000, 'ok'] }) }] })],
    ] as const) {
      const preview = await previewImport(temp.file(name, content));
      expect(preview.counts).toMatchObject({ dataRows: 2, importableRows: 2, problemRows: 1 });
      expect(preview.problems).toEqual([{ row: 2, column: '备注', value: '', messageKey: 'members.importProblem.cellTooLong', params: { length: 40_000, limit: 32_767 } }]);
      expect(preview.rows[0]?.draft?.notes).toBeNull();
    }
  });
});

describe('zip bombs', () => {
  const header = sheetXml({ 1: ['姓名', '手机'], 2: ['张三', 13800138000] });

  it('a part declaring a huge unpacked size is refused before unpacking', async () => {
    const bomb = buildXlsx({ sheets: [{ name: 'S', xml: header }], extraItems: [{ name: 'xl/media/image1.png', data: 'tiny', declaredSize: 0xfffffff0 }] });
    const error = await failureOf('declared.xlsx', bomb);
    expect(error.messageKey).toBe('importer.errors.xlsxTooLarge');
    expect(error.params?.file).toBe('declared.xlsx');
  });

  it('a part compressed a thousand to one is refused by its ratio', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const bomb = buildXlsx({ sheets: [{ name: 'S', xml: header }], extraItems: [{ name: 'xl/worksheets/sheet9.xml', data: zeros }] });
    const error = await failureOf('ratio.xlsx', bomb);
    expect(error.messageKey).toBe('importer.errors.xlsxTooLarge');
    expect(String(error.params?.detail)).toMatch(/ratio \d+:1/);
  });

  it('a part lying about its size is caught while unpacking, long before it is all unpacked', async () => {
    const sheet = Buffer.from(header.replace('</worksheet>', `<!--${' '.repeat(30 * 1024 * 1024)}--></worksheet>`));
    const bomb = buildXlsx({ sheets: [{ name: 'S', xml: '' }], extraItems: [] });
    const liar = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 2000 },
    ]);
    expect(bomb.length).toBeGreaterThan(0);
    const started = Date.now();
    const error = await failureOf('liar.xlsx', liar);
    expect(error.messageKey).toBe('importer.errors.xlsxTooLarge');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('many parts adding up past the total limit are refused', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: `xl/media/pad${i}.bin`, data: randomBytes(300_000) }));
    const zip = buildXlsx({ sheets: [{ name: 'S', xml: header }], extraItems: parts });
    const error = await failureOf('total.xlsx', zip, { limits: { maxTotalBytes: 1_000_000 } });
    expect(error.messageKey).toBe('importer.errors.xlsxTooLarge');
  });
});

describe('other refusals', () => {
  it('an unclosed quote in a CSV names the row', async () => {
    const error = await failureOf('quote.csv', '姓名,手机\n张三,13800138000\n"李四,13900139000\n王五,13700137000\n');
    expect(error.messageKey).toBe('importer.errors.malformedCsv');
    expect(error.params).toMatchObject({ file: 'quote.csv', row: 3 });
  });

  it('a sheet that does not exist lists the sheets there are', async () => {
    const path = temp.file('two.xlsx', buildXlsx({ sheets: [{ name: '一班', xml: smallSheet }, { name: '二班', xml: smallSheet }] }));
    expect(await importFailure(() => previewImport(path, { sheet: '三班' }))).toEqual({
      code: 'VALIDATION',
      messageKey: 'importer.errors.sheetNotFound',
      params: { file: 'two.xlsx', sheet: '三班', sheets: '一班、二班' },
    });
  });

  it('a header row that does not exist or is blank is refused', async () => {
    const path = temp.file('header.csv', '姓名,手机\n\n张三,13800138000\n');
    expect((await importFailure(() => previewImport(path, { headerRow: 2 }))).params).toEqual({ file: 'header.csv', row: 2 });
    expect((await importFailure(() => previewImport(path, { headerRow: 9 }))).messageKey).toBe('importer.errors.headerRowOutOfRange');
  });

  it('committing with an invalid mapping is refused with the column issues; a preview shows them instead', async () => {
    const path = temp.file('map.csv', '姓名,手机,备用电话\n张三,13800138000,13900139000\n');
    const mapping = [
      { column: 1, header: '手机', target: { kind: 'field' as const, field: 'phone' as const } },
      { column: 2, header: '备用电话', target: { kind: 'field' as const, field: 'phone' as const } },
    ];
    const error = await importFailure(() => openImport(path, { mapping }));
    expect(error).toEqual({
      code: 'VALIDATION',
      messageKey: 'importer.errors.mappingInvalid',
      params: { file: 'map.csv' },
      issues: [{ path: 'mapping.2', messageKey: 'importer.mapping.fieldTwice', params: { field: 'phone', columns: 'B, C' } }],
    });
    const preview = await previewImport(path, { mapping });
    expect(preview.mappingIssues).toHaveLength(1);
  });

  it('a file with no recognisable header and no identity column asks for the header row', async () => {
    const path = temp.file('noheader.csv', 'foo,bar\nbaz,qux\n');
    expect((await importFailure(() => openImport(path))).messageKey).toBe('importer.errors.headerNotFound');
    const preview = await previewImport(path);
    expect(preview.headerDetected).toBe(false);
    expect(preview.mappingIssues.map((issue) => issue.messageKey)).toEqual(['importer.mapping.noIdentityColumn']);
  });
});
