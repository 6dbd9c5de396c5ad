import { describe, expect, it } from 'vitest';
import { SheetScanner, TextTooLong, type SheetScan } from '../../../electron/services/members/import/xlsx/sheet-scan.ts';

// The scanner reads raw bytes: a chunk boundary may fall inside a tag, a name, or a UTF-8 character.

function scanPieces(pieces: Buffer[], max = 1000): SheetScan {
  const scanner = new SheetScanner(max);
  for (const piece of pieces) scanner.push(piece);
  return scanner.finish();
}

function cut(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const row = (r: number, cells: string) => `<row r="${r}" spans="1:3">${cells}</row>`;

const sheet = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>' +
    row(1, '<c r="A1" t="inlineStr"><is><t>会员名单 · 三期</t></is></c>') +
    '<row r="2"/><row r="3" />' +
    row(4, '<c r="A4"><v>  </v></c><c r="B4" t="inlineStr"><is><t xml:space="preserve">\u00a0</t></is></c>') +
    row(5, '<c r="A5" t="s"><v>12</v></c><c r="B5"><f>A4*2</f><v>2</v></c>') +
    '<row\tr="6"\n><c\nr="A6"><v/></c></row>' +
    '<x:row r="7"><x:c r="A7"><x:v>张</x:v></x:c></x:row>' +
    '</sheetData><mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="B6:B9"/><x:mergeCell ref="$C$2:D$4"/></mergeCells></worksheet>',
  'utf8',
);

describe('SheetScanner over bytes', () => {
  const whole = scanPieces([sheet]);

  it('reads a sheet in one piece', () => {
    expect(whole).toEqual({
      rowsWithValues: 4,
      longestText: Buffer.byteLength('会员名单 · 三期'),
      longestTextRow: 1,
      merges: [
        { top: 6, bottom: 9, left: 2, right: 2 },
        { top: 2, bottom: 4, left: 3, right: 4 },
      ],
      unsupported: null,
    });
  });

  it('gives the same result cut into 1-byte pieces, or in two at every byte', () => {
    expect(scanPieces(cut(sheet, 1))).toEqual(whole);
    for (let at = 0; at <= sheet.length; at++) expect(scanPieces([sheet.subarray(0, at), sheet.subarray(at)])).toEqual(whole);
  });

  it('counts a Chinese value cut inside its character, and text lengths in bytes', () => {
    const xml = Buffer.from('<worksheet><sheetData><row r="3"><c><v>张</v></c></row></sheetData></worksheet>', 'utf8');
    const inside = xml.indexOf(Buffer.from('张')) + 1;
    for (const at of [inside, inside + 1]) {
      expect(scanPieces([xml.subarray(0, at), xml.subarray(at)])).toMatchObject({ rowsWithValues: 1, longestText: 3, longestTextRow: 3 });
    }
  });

  it('reads prefixed names like plain ones, and only the part after the first colon', () => {
    const prefixed = Buffer.from('<x:worksheet><x:sheetData><x:row r="1"><x:c><x:t>a</x:t></x:c></x:row><a:b:row r="2"><x:c><x:v>1</x:v></x:c></a:b:row></x:sheetData></x:worksheet>', 'utf8');
    expect(scanPieces(cut(prefixed, 3))).toMatchObject({ rowsWithValues: 1, unsupported: null });
  });

  it('does not count a value of whitespace, as /\\S/ sees it byte by byte (NBSP 0xA0 included)', () => {
    for (let byte = 0; byte < 256; byte++) {
      if (byte === 0x3c || byte === 0x3e) continue;
      const xml = Buffer.concat([Buffer.from('<row r="1"><c><v>'), Buffer.from([byte, 0x20]), Buffer.from('</v></c></row>')]);
      const counted = /\S/.test(String.fromCharCode(byte));
      expect(scanPieces([xml]).rowsWithValues, `byte 0x${byte.toString(16)}`).toBe(counted ? 1 : 0);
    }
    // U+00A0 in UTF-8 is C2 A0, and C2 is no whitespace: a value of one NBSP counts, as it always has.
    expect(scanPieces([Buffer.from('<row r="1"><c><v> \t\r\n</v></c></row><row r="2"><c><v>\u00a0</v></c></row>', 'utf8')]).rowsWithValues).toBe(1);
  });

  it('refuses an unterminated tag past 1 MB, and joins a long one that ends', () => {
    const open = Buffer.from(`<row r="1" ${'a'.repeat(1024 * 1024)}`, 'latin1');
    expect(() => scanPieces(cut(open, 65_536))).toThrow(TextTooLong);
    const long = Buffer.from(`<row r="7" ${'a="b" '.repeat(100_000)}><c><v>1</v></c></row>`, 'latin1');
    expect(scanPieces(cut(long, 4096))).toMatchObject({ rowsWithValues: 1, longestTextRow: 7 });
  });

  it('keeps its own copy of an unfinished tag: the caller may reuse its buffer', () => {
    const xml = Buffer.from('<row r="1"><c><v>1</v></c></row><row r="23"><c><v>22</v></c></row>', 'latin1');
    const at = xml.indexOf('"23"') + 2;
    const scanner = new SheetScanner(1000);
    const reused = Buffer.from(xml.subarray(0, at));
    scanner.push(reused);
    reused.fill(0x3e);
    scanner.push(xml.subarray(at));
    expect(scanner.finish()).toMatchObject({ rowsWithValues: 2, longestTextRow: 23 });
  });

  it('stops as soon as a text run, counted in bytes, passes the limit', () => {
    const text = (chars: number) => Buffer.from(`<row r="4"><c t="inlineStr"><is><t>${'张'.repeat(chars)}</t></is></c></row>`, 'utf8');
    expect(scanPieces([text(3)], 9).longestText).toBe(9);
    expect(() => scanPieces([text(4)], 9)).toThrow(expect.objectContaining({ bytes: 12, row: 4 }));
    expect(() => scanPieces(cut(text(4), 1), 9)).toThrow(expect.objectContaining({ bytes: 10, row: 4 }));
  });
});
