/**
 * Every shared fixture (except the chat history) read end to end, compared value by value with the truth
 * in tests/fixtures/members/*.expected.json, which make_expected.py derives from the raw files with
 * Python's zipfile/ElementTree/csv, independently of the importer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewImport } from '../../../../electron/services/members/import/index.ts';
import type { ImportRow } from '../../../../shared/domain/members/import-types.ts';
import { ownFixtures, readAll, sharedFixtures } from './helpers.ts';

interface Expected {
  headerRow: number;
  headers: string[];
  counts: { dataRows: number; blankSkipped: number; summarySkipped: number };
  rows: Record<string, unknown>[];
  distinctPhones?: number;
  overlapWithRosterByPhone?: number;
}

function expected(name: string): Expected {
  return JSON.parse(readFileSync(join(ownFixtures, `${name}.expected.json`), 'utf8')) as Expected;
}

async function fixtureRows(name: string): Promise<ImportRow[]> {
  return (await readAll(join(sharedFixtures, name))).rows;
}

describe('roster_wps.xlsx (WPS roster: title rows, merged title, numeric/dashed/prefixed/full-width phones, five date forms)', () => {
  const truth = expected('roster_wps.xlsx');

  it('previews with the header on row 4, the right mapping and exact counts', async () => {
    const preview = await previewImport(join(sharedFixtures, 'roster_wps.xlsx'), { previewRows: 5 });
    expect(preview.source).toEqual({ file: 'roster_wps.xlsx', format: 'xlsx', encoding: null, delimiter: null, sheets: [{ name: 'Sheet1', rows: 107, hidden: false }], sheet: 'Sheet1' });
    expect(preview.headerRow).toBe(truth.headerRow);
    expect(preview.headerDetected).toBe(true);
    expect(preview.headers).toEqual(truth.headers);
    expect(preview.mapping.map((entry) => entry.target)).toEqual([
      { kind: 'custom', name: '编号' },
      { kind: 'field', field: 'nickname' },
      { kind: 'field', field: 'realName' },
      { kind: 'field', field: 'phone' },
      { kind: 'field', field: 'wechatId' },
      { kind: 'field', field: 'city' },
      { kind: 'field', field: 'joinedOn' },
      { kind: 'field', field: 'tags' },
    ]);
    expect(preview.mappingIssues).toEqual([]);
    expect(preview.counts).toEqual({ dataRows: 103, importableRows: 103, problemRows: 0, rejectedRows: 0, blankSkipped: 2, summarySkipped: 1, problems: 0 });
    expect(preview.counts.dataRows).toBe(truth.counts.dataRows);
    expect(preview.counts.blankSkipped).toBe(truth.counts.blankSkipped);
    expect(preview.counts.summarySkipped).toBe(truth.counts.summarySkipped);
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((row) => row.row)).toEqual([5, 6, 7, 8, 9]);
    expect(preview.leadingRows.slice(0, 3)).toEqual([
      { row: 1, cells: ['瑜伽打卡营 · 三期学员名单'] },
      { row: 2, cells: ['统计截止：2025年12月31日'] },
      { row: 4, cells: truth.headers },
    ]);
  });

  it('normalises every row exactly as the truth table says', async () => {
    const rows = await fixtureRows('roster_wps.xlsx');
    expect(rows.map((row) => row.row)).toEqual(truth.rows.map((row) => row.row));
    const actual = rows.map((row) => ({
      row: row.row,
      custom: row.draft?.customFields,
      nickname: row.draft?.nickname,
      realName: row.draft?.realName,
      phone: row.draft?.phone?.value,
      phoneOriginal: row.draft?.phone?.original,
      wechatId: row.draft?.wechatId,
      city: row.draft?.city,
      joinedOn: row.draft?.joinedOn,
      tags: row.draft?.tags,
    }));
    expect(actual).toEqual(truth.rows);
    expect(new Set(rows.map((row) => row.keys.phone)).size).toBe(truth.distinctPhones);
  });

  it('keeps the raw cell texts, numeric phone cells as digits and date cells as ISO dates', async () => {
    const rows = await fixtureRows('roster_wps.xlsx');
    expect(rows[0]?.cells).toEqual(['1', '小佳琪0', '金磊', '15900000011', 'yoga_0000', '青岛', '2024-01-01', '']);
    expect(rows[1]?.cells).toEqual(['2', '小磊1', '金佳琪', '15900000048', 'yoga_0001', '合肥', '45326', '新手']);
    expect(rows.find((row) => row.row === 9)?.cells[3]).toBe('１５９０００００１５９');
  });

  it('finds the three people registered twice by the same normalised phone and WeChat ID, one row without a date', async () => {
    const rows = await fixtureRows('roster_wps.xlsx');
    const byPhone = new Map<string, ImportRow[]>();
    for (const row of rows) byPhone.set(row.keys.phone ?? '', [...(byPhone.get(row.keys.phone ?? '') ?? []), row]);
    const twice = [...byPhone.values()].filter((group) => group.length > 1);
    expect(twice.map((group) => group.map((row) => row.row))).toEqual([[9, 107], [14, 108], [57, 109]]);
    expect(twice.map((group) => group.map((row) => row.draft?.phone?.original))).toEqual([
      ['１５９０００００１５９', '+8615900000159'],
      ['008615900000344', '１５９０００００３４４'],
      ['159-0000-1861', '008615900001861'],
    ]);
    for (const group of twice) expect(new Set(group.map((row) => row.keys.wechatId)).size).toBe(1);
    expect(twice.map((group) => group[1]?.draft?.joinedOn)).toEqual([null, null, null]);
  });
});

describe('members_gb18030.csv (Chinese Excel CSV: GB18030 without BOM, CRLF)', () => {
  const truth = expected('members_gb18030.csv');

  it('is read as GB18030, comma separated, with exact counts', async () => {
    const preview = await previewImport(join(sharedFixtures, 'members_gb18030.csv'));
    expect(preview.source).toMatchObject({ format: 'text', encoding: 'gb18030', delimiter: ',' });
    expect(preview.headers).toEqual(truth.headers);
    expect(preview.headerRow).toBe(1);
    expect(preview.counts).toEqual({ dataRows: 60, importableRows: 60, problemRows: 0, rejectedRows: 0, blankSkipped: 0, summarySkipped: 0, problems: 0 });
    expect(preview.dateOrders).toEqual({ '5': null });
  });

  it('normalises every row exactly as the truth table says', async () => {
    const rows = await fixtureRows('members_gb18030.csv');
    expect(
      rows.map((row) => ({
        row: row.row,
        realName: row.draft?.realName,
        phone: row.draft?.phone?.value,
        wechatId: row.draft?.wechatId,
        gender: row.draft?.gender,
        city: row.draft?.city,
        joinedOn: row.draft?.joinedOn,
        notes: row.draft?.notes,
      })),
    ).toEqual(truth.rows);
  });

  it('overlaps the WPS roster by phone for 40 people', async () => {
    const roster = new Set((await fixtureRows('roster_wps.xlsx')).map((row) => row.keys.phone));
    const overlap = new Set((await fixtureRows('members_gb18030.csv')).map((row) => row.keys.phone).filter((phone) => roster.has(phone)));
    expect(overlap.size).toBe(40);
    expect(overlap.size).toBe(truth.overlapWithRosterByPhone);
  });
});

describe('members_utf16.txt (Excel Unicode text: UTF-16LE with BOM, tabs, nicknames only)', () => {
  const truth = expected('members_utf16.txt');

  it('is read as UTF-16LE, tab separated, nickname as the display name', async () => {
    const preview = await previewImport(join(sharedFixtures, 'members_utf16.txt'));
    expect(preview.source).toMatchObject({ format: 'text', encoding: 'utf-16le', delimiter: '\t' });
    expect(preview.headers).toEqual(truth.headers);
    expect(preview.counts).toEqual({ dataRows: 20, importableRows: 20, problemRows: 0, rejectedRows: 0, blankSkipped: 0, summarySkipped: 0, problems: 0 });
    const rows = await fixtureRows('members_utf16.txt');
    expect(rows.map((row) => ({ row: row.row, nickname: row.draft?.nickname, phone: row.draft?.phone?.value, joinedOn: row.draft?.joinedOn }))).toEqual(truth.rows);
    expect(rows.every((row) => row.draft?.realName === null && row.draft.displayName === row.draft.nickname)).toBe(true);
  });
});

describe('members_en.csv (English export: UTF-8 BOM, US dates, spaced phones, mixed-case e-mails, | tags)', () => {
  const truth = expected('members_en.csv');

  it('decides month-first from the column and normalises every row', async () => {
    const preview = await previewImport(join(sharedFixtures, 'members_en.csv'));
    expect(preview.source).toMatchObject({ format: 'text', encoding: 'utf-8', delimiter: ',' });
    expect(preview.headers).toEqual(truth.headers);
    expect(preview.mapping.map((entry) => entry.target)).toEqual([
      { kind: 'field', field: 'realName' },
      { kind: 'field', field: 'phone' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'wechatId' },
      { kind: 'field', field: 'joinedOn' },
      { kind: 'field', field: 'tags' },
    ]);
    expect(preview.dateOrders).toEqual({ '4': 'mdy' });
    expect(preview.settings.dateOrders).toEqual({ '4': 'mdy' });
    expect(preview.counts).toEqual({ dataRows: 15, importableRows: 15, problemRows: 0, rejectedRows: 0, blankSkipped: 0, summarySkipped: 0, problems: 0 });
    const rows = await fixtureRows('members_en.csv');
    expect(
      rows.map((row) => ({
        row: row.row,
        realName: row.draft?.realName,
        phone: row.draft?.phone?.value,
        phoneOriginal: row.draft?.phone?.original,
        email: row.draft?.email,
        wechatId: row.draft?.wechatId,
        joinedOn: row.draft?.joinedOn,
        tags: row.draft?.tags,
      })),
    ).toEqual(truth.rows);
    expect(rows[0]?.keys).toEqual({ phone: '15900000000', wechatId: 'yogi_wx_0', email: 'yogi0@mail.com' });
  });
});
