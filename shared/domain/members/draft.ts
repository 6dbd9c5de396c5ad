/**
 * One row of cells → one MemberDraft, every field normalised, every doubt reported as an ImportProblem.
 * Pure, so the importer (service host) and anything else holding cells (a paste into the wizard, tests)
 * convert rows identically.
 */
import type { ImportProblem, MemberDraft } from '../member.ts';
import { cellText, type CellValue } from './cell.ts';
import { columnName, type ColumnMappingEntry } from './mapping/column-mapping.ts';
import { normaliseAgeBand, normaliseBirth } from './normalise/birth.ts';
import { normaliseDate, type DateOrder } from './normalise/date.ts';
import { normaliseEmail, normaliseWechatId, wechatKey } from './normalise/identity.ts';
import { normalisePhone } from './normalise/phone.ts';
import { PROBLEM_PREFIX, type Normalised } from './normalise/result.ts';
import { normaliseGender, normaliseRole, normaliseStage } from './normalise/synonyms.ts';
import { mergeTags, splitTags } from './normalise/tags.ts';
import { cleanOptional, cleanText } from './normalise/text.ts';

/** The keys the store deduplicates on, in their matching form (WeChat ID and e-mail lower-cased). */
export interface MemberKeys {
  phone: string | null;
  wechatId: string | null;
  email: string | null;
}

export interface ConvertContext {
  headers: readonly string[];
  mapping: readonly ColumnMappingEntry[];
  /** Serial numbers in date columns count from 1904 (the workbook says so). */
  date1904: boolean;
  /** d/m/y order decided per column index; absent or null = undecided (ambiguous values are reported). */
  dateOrders: ReadonlyMap<number, DateOrder | null>;
  /** Bounds birth years; fixed in tests. */
  today: Date;
}

export interface ConvertedRow {
  /** Null when the row cannot become a member (no key and no name). */
  draft: MemberDraft | null;
  keys: MemberKeys;
  problems: ImportProblem[];
}

export function emptyDraft(): MemberDraft {
  return {
    displayName: null,
    realName: null,
    nickname: null,
    phone: null,
    wechatId: null,
    email: null,
    gender: null,
    birthYear: null,
    ageBand: null,
    city: null,
    occupation: null,
    interests: null,
    source: null,
    joinedOn: null,
    inviter: null,
    stage: null,
    tags: [],
    notes: null,
    group: null,
    role: null,
    customFields: {},
  };
}

type TextField = 'displayName' | 'realName' | 'nickname' | 'city' | 'occupation' | 'interests' | 'source' | 'inviter' | 'group';

/** Converts one data row. `row` is the row number as the spreadsheet shows it. */
export function convertRow(row: number, cells: readonly CellValue[], context: ConvertContext): ConvertedRow {
  const draft = emptyDraft();
  const problems: ImportProblem[] = [];
  const notes: string[] = [];
  const tagLists: string[][] = [];

  for (const entry of context.mapping) {
    const value = cells[entry.column] ?? null;
    if (value === null || value === '') continue;
    const column = columnName(context.headers, entry.column);
    const take = <T>(result: Normalised<T>): T | null => {
      if (result.ok) return result.value;
      const problem: ImportProblem = { row, column, value: cellText(value), messageKey: result.issue.messageKey };
      if (result.issue.params) problem.params = result.issue.params;
      problems.push(problem);
      return null;
    };
    const target = entry.target;
    if (target.kind === 'ignore') continue;
    if (target.kind === 'custom') {
      const text = cleanText(cellText(value), { multiline: true });
      if (text !== '') draft.customFields[target.name] = text;
      continue;
    }
    switch (target.field) {
      case 'phone':
        draft.phone = take(normalisePhone(value));
        break;
      case 'wechatId':
        draft.wechatId = take(normaliseWechatId(value));
        break;
      case 'email':
        draft.email = take(normaliseEmail(value));
        break;
      case 'gender':
        draft.gender = take(normaliseGender(value));
        break;
      case 'stage':
        draft.stage = take(normaliseStage(value));
        break;
      case 'role':
        draft.role = take(normaliseRole(value));
        break;
      case 'joinedOn':
        draft.joinedOn = take(normaliseDate(value, { date1904: context.date1904, order: context.dateOrders.get(entry.column) ?? null }));
        break;
      case 'birthYear':
      case 'ageBand': {
        const birth = take(target.field === 'birthYear' ? normaliseBirth(value, context.today) : normaliseAgeBand(value, context.today));
        if (birth?.birthYear != null) draft.birthYear ??= birth.birthYear;
        if (birth?.ageBand != null) draft.ageBand ??= birth.ageBand;
        break;
      }
      case 'tags':
        tagLists.push(splitTags(value));
        break;
      case 'notes': {
        const text = cleanText(cellText(value), { multiline: true });
        if (text !== '') notes.push(text);
        break;
      }
      default:
        setText(draft, target.field, cellText(value));
    }
  }

  draft.tags = mergeTags(...tagLists);
  draft.notes = notes.length > 0 ? notes.join('\n') : null;
  // The name shown in lists: an explicit display name, else the real name, else the nickname.
  draft.displayName ??= draft.realName ?? draft.nickname;

  const keys: MemberKeys = {
    phone: draft.phone?.value ?? null,
    wechatId: draft.wechatId === null ? null : wechatKey(draft.wechatId),
    email: draft.email,
  };
  const identified = keys.phone !== null || keys.wechatId !== null || keys.email !== null;
  if (!identified && draft.displayName === null) {
    problems.push({ row, column: '', value: '', messageKey: `${PROBLEM_PREFIX}noIdentity` });
    return { draft: null, keys, problems };
  }
  return { draft, keys, problems };
}

function setText(draft: MemberDraft, field: TextField, text: string): void {
  draft[field] ??= cleanOptional(text);
}
