/**
 * Members to .xlsx: the directory's rows (a filter and sort, or everyone) in the workspace's language,
 * streamed a window at a time, through writeXlsxTable (phones as text, dates as dates, frozen and
 * filtered header, formula-like text neutralised, no half-written file on failure or cancel).
 */
import { appFailure } from '../../../shared/contract/result.ts';
import type { MemberFilter, MemberListRow, MemberSort } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { countMembers } from '../members/directory-queries.ts';
import { iterateDirectory } from '../members/member-queries.ts';
import type { MemberReader } from '../members/member-store.ts';
import { writeXlsxTable, type ExportCell, type ExportColumn, type ExportColumnKind } from './xlsx-table-writer.ts';

type Translate = (key: string) => string;

interface MemberColumn {
  /** directory.column.<key> names the header. */
  key: string;
  kind: ExportColumnKind;
  width?: number;
  value(row: MemberListRow, t: Translate): ExportCell;
}

const LIST_SEPARATOR = '、';
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The exported columns, in order. Headers come from directory.column.* (姓名, 手机号, 微信号, 邮箱, 入群时间, 标签…). */
export const MEMBER_EXPORT_COLUMNS: readonly MemberColumn[] = [
  { key: 'displayName', kind: 'text', width: 16, value: (row) => row.displayName },
  { key: 'nickname', kind: 'text', width: 16, value: (row) => row.nickname },
  { key: 'phone', kind: 'phone', value: (row) => row.phone },
  { key: 'wechatId', kind: 'text', value: (row) => row.wechatId },
  { key: 'email', kind: 'text', width: 24, value: (row) => row.email },
  { key: 'gender', kind: 'text', width: 8, value: (row, t) => (row.gender === null ? null : t(`directory.gender.${row.gender}`)) },
  { key: 'birthYear', kind: 'number', width: 10, value: (row) => row.birthYear },
  { key: 'ageBand', kind: 'text', width: 10, value: (row) => row.ageBand },
  { key: 'city', kind: 'text', width: 10, value: (row) => row.city },
  { key: 'occupation', kind: 'text', width: 12, value: (row) => row.occupation },
  { key: 'source', kind: 'text', width: 12, value: (row) => row.source },
  { key: 'joinedOn', kind: 'date', value: (row) => row.joinedOn },
  { key: 'stage', kind: 'text', width: 10, value: (row, t) => (row.stage === null ? null : t(`directory.stage.${row.stage}`)) },
  { key: 'inviter', kind: 'text', width: 14, value: (row) => row.inviterName },
  { key: 'tags', kind: 'text', width: 24, value: (row) => (row.tags.length === 0 ? null : row.tags.join(LIST_SEPARATOR)) },
  { key: 'groups', kind: 'text', width: 24, value: (row) => (row.groups.length === 0 ? null : row.groups.join(LIST_SEPARATOR)) },
];

export function memberExportColumns(language: Language): ExportColumn[] {
  return MEMBER_EXPORT_COLUMNS.map((column) => {
    const out: ExportColumn = { header: translate(language, `directory.column.${column.key}`), kind: column.kind };
    if (column.width !== undefined) out.width = column.width;
    return out;
  });
}

export interface ExportMembersOptions {
  path: string;
  filter?: MemberFilter;
  sort?: MemberSort | undefined;
  language: Language;
  signal?: AbortSignal;
  /** Rows written so far and the rows the export will have. */
  onProgress?: (done: number, total: number) => void;
}

/** Writes the members the filter finds, in the sort's order, one row each; returns the rows written. */
export async function exportMembers(reader: MemberReader, options: ExportMembersOptions): Promise<{ path: string; rows: number }> {
  const filter = options.filter ?? {};
  const total = countMembers(reader, filter);
  // Gender and stage words repeat on every row: translated once each.
  const words = new Map<string, string>();
  const t: Translate = (key) => {
    let word = words.get(key);
    if (word === undefined) {
      word = translate(options.language, key);
      words.set(key, word);
    }
    return word;
  };
  const signal = options.signal;
  const throwIfCancelled = () => {
    if (signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
  };
  // A window at a time, with a turn of the event loop between windows: the service host keeps
  // answering the window's other calls while a big export runs.
  async function* cells(): AsyncGenerator<ExportCell[]> {
    for (const chunk of iterateDirectory(reader, { filter, sort: options.sort, chunkSize: 500 })) {
      throwIfCancelled();
      for (const row of chunk) yield MEMBER_EXPORT_COLUMNS.map((column) => column.value(row, t));
      await yieldToEventLoop();
    }
  }
  options.onProgress?.(0, total);
  const written = await writeXlsxTable(options.path, {
    sheetName: t('exports.members.sheetName'),
    columns: memberExportColumns(options.language),
    rows: cells(),
    onProgress: (rows) => {
      throwIfCancelled();
      options.onProgress?.(rows, total);
    },
  });
  return { path: options.path, rows: written.rows };
}
