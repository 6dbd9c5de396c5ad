/** CSV/TSV/TXT specifics: encodings, delimiters, quoting, line ends, layout rows and problems. */
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { previewImport } from '../../../../electron/services/members/import/index.ts';
import { readAll, tempDir } from './helpers.ts';

const temp = tempDir('text');
afterAll(() => temp.cleanup());

const table = '姓名,手机,城市\r\n张三,13800138000,上海\r\n李四,13900139000,北京\r\n';

describe('encodings', () => {
  it.each([
    ['utf8.csv', Buffer.from(table, 'utf8'), 'utf-8'],
    ['utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table, 'utf8')]), 'utf-8'],
    ['utf16le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table, 'utf16le')]), 'utf-16le'],
    ['utf16le.txt', Buffer.from(table, 'utf16le'), 'utf-16le'],
    ['utf16be-bom.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(table, 'utf16le').swap16()]), 'utf-16be'],
    ['gbk.csv', iconv.encode(table, 'gbk'), 'gb18030'],
    ['gb18030.csv', iconv.encode(table, 'gb18030'), 'gb18030'],
  ] as const)('%s is read as %s', async (name, bytes, encoding) => {
    const { rows, session } = await readAll(temp.file(name, bytes));
    expect(session.source.encoding).toBe(encoding);
    expect(session.headers).toEqual(['姓名', '手机', '城市']);
    expect(rows.map((row) => [row.draft?.realName, row.keys.phone, row.draft?.city])).toEqual([
      ['张三', '13800138000', '上海'],
      ['李四', '13900139000', '北京'],
    ]);
  });

  it('checks the whole file as UTF-8: one GBK name after 1.2 MB of ASCII (past the first read) makes it GB18030', async () => {
    const lines = ['姓名,手机,备注'];
    for (let i = 0, length = 0; length < 1_200_000; i++) {
      const line = `Member ${i},${13000000000 + i},ok`;
      lines.push(line);
      length += line.length + 2;
    }
    lines.push('欧阳娜娜,13999999999,最后一行');
    const bytes = iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030');
    const { rows, session } = await readAll(temp.file('late-gbk.csv', bytes));
    expect(session.source.encoding).toBe('gb18030');
    expect(session.headers).toEqual(['姓名', '手机', '备注']);
    expect(rows.at(-1)?.draft).toMatchObject({ realName: '欧阳娜娜', notes: '最后一行' });
  });

  it('decodes GB18030-only characters (four-byte sequences, rare names)', async () => {
    const text = '姓名,手机\n𠮷野家,13800138000\n䶮,13900139000\n';
    const { rows } = await readAll(temp.file('gb4.csv', iconv.encode(text, 'gb18030')));
    expect(rows.map((row) => row.draft?.realName)).toEqual(['𠮷野家', '䶮']);
  });

  it('honours a forced encoding', async () => {
    const preview = await previewImport(temp.file('forced.csv', Buffer.from(table, 'utf8')), { encoding: 'gb18030' });
    expect(preview.source.encoding).toBe('gb18030');
    expect(preview.headers[0]).not.toBe('姓名');
  });
});

describe('delimiters, quotes and line ends', () => {
  it('reads semicolon files and Excel’s sep= line without counting it as a row', async () => {
    const { rows, session } = await readAll(temp.file('semi.csv', 'sep=;\nName;Phone;Notes\nAnna;+86 138 0013 8000;"a; b"\n'));
    expect(session.source.delimiter).toBe(';');
    expect(session.headerRow).toBe(1);
    expect(rows[0]).toMatchObject({ row: 2, keys: { phone: '13800138000' } });
    expect(rows[0]?.draft?.notes).toBe('a; b');
  });

  it('reads tab-separated files, and a one-column .tsv', async () => {
    expect((await readAll(temp.file('tabs.txt', '姓名\t手机\n张三\t13800138000\n'))).session.source.delimiter).toBe('\t');
    expect((await readAll(temp.file('one.tsv', '手机\n13800138000\n'))).session.source.delimiter).toBe('\t');
  });

  it('keeps quoted commas, quotes and line breaks inside one cell; row numbers count records as Excel shows them', async () => {
    const csv = '姓名,手机,备注\n"张, 三",13800138000,"第一行\n第二行"\n李四,13900139000,"他说""好"""\n王五,13700137000,6"2\n';
    const { rows } = await readAll(temp.file('quotes.csv', csv));
    expect(rows.map((row) => [row.row, row.draft?.realName, row.draft?.notes])).toEqual([
      [2, '张, 三', '第一行\n第二行'],
      [3, '李四', '他说"好"'],
      [4, '王五', '6"2'],
    ]);
  });

  it('unwraps ="…" cells that exporters write to keep Excel from mangling numbers', async () => {
    const csv = '姓名,手机,编号\n张三,="13800138000",="007"\n李四,"=""13900139000""","=""a """"b"""""""\n';
    const { rows } = await readAll(temp.file('formula-text.csv', csv));
    expect(rows.map((row) => [row.keys.phone, row.draft?.customFields['编号']])).toEqual([
      ['13800138000', '007'],
      ['13900139000', 'a "b"'],
    ]);
  });

  it.each([
    ['crlf.csv', '\r\n'],
    ['lf.csv', '\n'],
    ['cr.csv', '\r'],
  ])('reads %s line ends', async (name, eol) => {
    const { rows } = await readAll(temp.file(name, ['姓名,手机', '张三,13800138000', '李四,13900139000'].join(eol) + eol));
    expect(rows.map((row) => row.row)).toEqual([2, 3]);
  });
});

describe('layout rows and problems', () => {
  const csv = [
    '2025 春季读书会报名表,,,',
    '填表说明：手机号必填,,,',
    ',,,',
    '序号,姓名,手机号码,报名时间',
    '1,张三,13800138000,2025-03-04 21:15',
    ',,,',
    '2,李四,1.38E+10,2025/3/5',
    '3,,,',
    '4,王五,abc,2025.3.6',
    '  ,\u3000,,',
    '5,赵六,13600136000,2025年3月7日,多出来的',
    '合计,,,共5人',
    '共 5 人,,,',
    ',,,',
    '',
  ].join('\n');

  it('finds the header below titles and notes, skips and counts blank and summary rows, and reports problems by row', async () => {
    const preview = await previewImport(temp.file('layout.csv', csv));
    expect(preview.headerRow).toBe(4);
    // A stray value right of the table gets an unnamed column of its own, so nothing is lost.
    expect(preview.headers).toEqual(['序号', '姓名', '手机号码', '报名时间', '']);
    expect(preview.mapping[4]?.target).toEqual({ kind: 'custom', name: '列E' });
    expect(preview.counts).toEqual({ dataRows: 5, importableRows: 4, problemRows: 3, rejectedRows: 1, blankSkipped: 2, summarySkipped: 2, problems: 3 });
    expect(preview.rows.map((row) => [row.row, row.draft?.realName ?? null, row.draft?.joinedOn ?? null])).toEqual([
      [5, '张三', '2025-03-04'],
      [7, '李四', '2025-03-05'],
      [8, null, null],
      [9, '王五', '2025-03-06'],
      [11, '赵六', '2025-03-07'],
    ]);
    expect(preview.rows[4]?.draft?.customFields).toEqual({ 序号: '5', 列E: '多出来的' });
    expect(preview.problems).toEqual([
      { row: 7, column: '手机号码', value: '1.38E+10', messageKey: 'members.importProblem.phoneScientific', params: { value: '1.38E+10' } },
      { row: 8, column: '', value: '', messageKey: 'members.importProblem.noIdentity' },
      { row: 9, column: '手机号码', value: 'abc', messageKey: 'members.importProblem.phoneInvalid', params: { value: 'abc' } },
    ]);
    expect(preview.rows[2]?.draft).toBeNull();
  });

  it('reports cells right of the known columns when they appear after the look-ahead', async () => {
    const lines = ['姓名,手机'];
    for (let i = 0; i < 60; i++) lines.push(`P${i},${13800000000 + i}`);
    lines.push('Z,13899999999,多出来的');
    const preview = await previewImport(temp.file('extra.csv', `${lines.join('\n')}\n`), { lookaheadRows: 5 });
    expect(preview.headers).toEqual(['姓名', '手机']);
    expect(preview.problems).toEqual([{ row: 62, column: 'C', value: '多出来的', messageKey: 'members.importProblem.extraCells', params: { column: 'C' } }]);
    expect(preview.counts).toMatchObject({ dataRows: 61, importableRows: 61, problemRows: 1 });
  });
});

describe('dates by column', () => {
  it('decides day-first from one value and reads the whole column that way', async () => {
    const csv = '姓名,手机,入群日期\nA,13800000001,03/04/2024\nB,13800000002,25/12/2024\nC,13800000003,1/2/2024\n';
    const preview = await previewImport(temp.file('dmy.csv', csv));
    expect(preview.dateOrders).toEqual({ '2': 'dmy' });
    expect(preview.rows.map((row) => row.draft?.joinedOn)).toEqual(['2024-04-03', '2024-12-25', '2024-02-01']);
    expect(preview.counts.problems).toBe(0);
  });

  it('reports ambiguous dates in an undecided column, and reads them once the operator picks the order', async () => {
    const path = temp.file('ambiguous.csv', '姓名,手机,入群日期\nA,13800000001,03/04/2024\nB,13800000002,05/06/2024\nC,13800000003,2024/7/8\n');
    const preview = await previewImport(path);
    expect(preview.dateOrders).toEqual({ '2': null });
    expect(preview.problems.map((problem) => [problem.row, problem.messageKey])).toEqual([
      [2, 'members.importProblem.dateAmbiguous'],
      [3, 'members.importProblem.dateAmbiguous'],
    ]);
    expect(preview.rows.map((row) => row.draft?.joinedOn)).toEqual([null, null, '2024-07-08']);
    const chosen = await previewImport(path, { dateOrders: { '2': 'mdy' } });
    expect(chosen.rows.map((row) => row.draft?.joinedOn)).toEqual(['2024-03-04', '2024-05-06', '2024-07-08']);
    expect(chosen.counts.problems).toBe(0);
  });

  it('takes the order from a header like "Date (MM/DD/YYYY)" when the values prove nothing', async () => {
    const preview = await previewImport(temp.file('hint.csv', 'Name,Phone,Joined (MM/DD/YYYY)\nA,+86 13800000001,03/04/2024\n'));
    expect(preview.rows[0]?.draft?.joinedOn).toBe('2024-03-04');
  });

  it('assumes the caller’s default order only where the values prove nothing', async () => {
    const path = temp.file('default-order.csv', 'Name,Phone,Joined,Renewed\nA,+86 13800000001,03/04/2024,03/04/2024\nB,+86 13800000002,05/06/2024,25/06/2024\n');
    const preview = await previewImport(path, { defaultDateOrder: 'mdy' });
    expect(preview.dateOrders).toEqual({ '2': 'mdy' });
    expect(preview.rows.map((row) => row.draft?.joinedOn)).toEqual(['2024-03-04', '2024-05-06']);
  });

  it('decides from the look-ahead only: proof further down does not change rows already read', async () => {
    const lines = ['姓名,手机,入群日期'];
    for (let i = 0; i < 100; i++) lines.push(`P${i},${13800000000 + i},01/02/2024`);
    lines.push('Z,13899999999,13/02/2024');
    const path = temp.file('late-proof.csv', `${lines.join('\n')}\n`);
    expect((await previewImport(path)).counts.problems).toBe(0);
    const short = await previewImport(path, { lookaheadRows: 10 });
    expect(short.dateOrders).toEqual({ '2': null });
    expect(short.counts.problems).toBe(100);
    expect(short.rows.at(-1)?.draft?.joinedOn).toBeNull();
  });
});
