/**
 * Member lists for the import benchmarks, as operators' files look: Chinese names and cities, phones as
 * numbers (xlsx) or digits (csv), real date cells, tags joined with 、. Deterministic by row index, so a
 * baseline and the importer read exactly the same rows. Plus the raw baselines' own table and upsert.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import Sqlite from 'better-sqlite3';

export const MEMBER_HEADERS = ['姓名', '昵称', '手机号', '微信号', '邮箱', '性别', '城市', '入群时间', '标签', '备注'] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国志宇浩然欣怡子轩梓涵诗雨桐佳琪思彤晓燕一鸣俊峰';
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '苏州', '长沙'];
const TAGS = ['读书会', '跑团', '宝妈', '学生党', 'KOL', '志愿者', '新人', '老会员'];
const NOTES = ['老带新', '线下活动积极', '', '', '需要回访', '', '对课程感兴趣', ''];

export type MemberCells = [string, string, number, string, string, string, string, Date, string, string];

export function memberCells(index: number): MemberCells {
  const surname = SURNAMES[index % SURNAMES.length] ?? '王';
  const given = `${GIVEN[(index * 7) % GIVEN.length] ?? '伟'}${index % 3 === 0 ? '' : (GIVEN[(index * 13) % GIVEN.length] ?? '')}`;
  const name = `${surname}${given}`;
  const day = new Date(Date.UTC(2020 + (index % 6), index % 12, (index % 28) + 1));
  return [
    name,
    `小${given}${index % 100}`,
    13_000_000_000 + ((index * 7_919) % 999_999_999),
    `wechat_${index}`,
    index % 4 === 0 ? `member${index}@example.com` : '',
    index % 2 === 0 ? '男' : '女',
    CITIES[index % CITIES.length] ?? '北京',
    day,
    `${TAGS[index % TAGS.length] ?? ''}、${TAGS[(index * 3 + 1) % TAGS.length] ?? ''}`,
    NOTES[index % NOTES.length] ?? '',
  ];
}

/** A one-sheet .xlsx of `rows` members, written with ExcelJS's streaming writer (shared strings, like Excel). */
export async function writeMembersXlsx(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('成员');
  sheet.addRow([...MEMBER_HEADERS]).commit();
  for (let index = 0; index < rows; index += 1) {
    const row = sheet.addRow(memberCells(index));
    row.getCell(8).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

function csvField(value: string | number | Date): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A UTF-8 CSV (with BOM, CRLF) of `rows` members (from row `first` of the sequence), streamed to disk. */
export async function writeMembersCsv(file: string, rows: number, first = 0): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${MEMBER_HEADERS.join(',')}\r\n`);
  let chunk = '';
  for (let index = first; index < first + rows; index += 1) {
    chunk += `${memberCells(index).map(csvField).join(',')}\r\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

/** The raw baselines' store: the same ten values per member, unique by phone, configured like a workspace. */
export function openRawMemberTable(file: string): { sqlite: Sqlite.Database; upsert: (values: readonly unknown[]) => void } {
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`CREATE TABLE IF NOT EXISTS members_raw (id INTEGER PRIMARY KEY, name TEXT, nickname TEXT, phone TEXT NOT NULL UNIQUE, wechat TEXT, email TEXT,
    gender TEXT, city TEXT, joined_on TEXT, tags TEXT, notes TEXT)`);
  const statement = sqlite.prepare(`INSERT INTO members_raw (name, nickname, phone, wechat, email, gender, city, joined_on, tags, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (phone) DO UPDATE SET name = excluded.name, nickname = excluded.nickname, wechat = excluded.wechat, email = excluded.email, gender = excluded.gender,
      city = excluded.city, joined_on = excluded.joined_on, tags = excluded.tags, notes = excluded.notes`);
  return { sqlite, upsert: (values) => statement.run(...values) };
}

/** One spreadsheet value as the raw baseline stores it: text, digits, ISO date. */
export function rawValue(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return (value as { richText: Array<{ text: string }> }).richText.map((part) => part.text).join('');
  return String(value);
}
