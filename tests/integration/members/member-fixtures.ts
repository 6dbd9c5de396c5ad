import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import type { MemberDraft, MemberEdit, MemberImportRow } from '../../../shared/domain/member.ts';
import { openWorkspace, type Workspace } from '../../../electron/db/workspace.ts';
import { emptyDraft } from '../../../shared/domain/members/draft.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

export const NOW = '2026-03-01T08:00:00.000Z';

/** A fresh workspace file in `dir`. */
export async function newWorkspace(dir: string, name = 'members.sqlite'): Promise<Workspace> {
  return openWorkspace(path.join(dir, name), { create: true });
}

/**
 * A fresh workspace for every test of the file, closed after it; `use` receives it (the file keeps it
 * in its own variable). Call once per test file, at the top level, before any beforeEach that uses it.
 */
export function useMemberWorkspace(use: (workspace: Workspace) => void): void {
  const tempDir = useTempDirs();
  let current: Workspace | null = null;
  beforeEach(async () => {
    current = await newWorkspace(tempDir());
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
}

/** A draft as the import engineer's normalisers hand it over; every field empty unless given. */
export function draft(fields: Partial<Omit<MemberDraft, 'phone'>> & { phone?: string | null } = {}): MemberDraft {
  const { phone, ...rest } = fields;
  return { ...emptyDraft(), phone: phone === undefined || phone === null ? null : { value: phone, original: phone }, ...rest };
}

/** Import rows numbered as a spreadsheet would show them (header on row 1). */
export function rows(...drafts: MemberDraft[]): MemberImportRow[] {
  return drafts.map((entry, index) => ({ row: index + 2, draft: entry }));
}

/** A manual add or edit as the form sends it; every field empty unless given. */
export function edit(fields: Partial<Omit<MemberEdit, 'phone'>> & { phone?: string | null } = {}): MemberEdit {
  const { phone, ...rest } = fields;
  const { inviter: _inviter, group: _group, role: _role, ...empty } = emptyDraft();
  return { ...empty, inviterId: null, phone: phone === undefined || phone === null ? null : { value: phone, original: phone }, ...rest };
}

/** Inserts an active group directly and returns its id. */
export function addGroup(sqlite: Sqlite.Database, name: string): number {
  return Number(
    sqlite
      .prepare(`INSERT INTO groups (name, platform, status, created_at, updated_at) VALUES (?, 'wechat', 'active', ?, ?)`)
      .run(name, NOW, NOW).lastInsertRowid,
  );
}

/** Every row of the member tables (and the FTS index as seen by a search), to compare before / after. */
export const MEMBER_TABLES = ['members', 'memberships', 'tags', 'member_tags', 'segments', 'duplicate_dismissals', 'member_merges', 'groups'] as const;

export function snapshotTables(sqlite: Sqlite.Database, tables: readonly string[] = MEMBER_TABLES): Record<string, unknown[]> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) snapshot[table] = sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  return snapshot;
}

export function idsOf(rowsWithIds: ReadonlyArray<{ id: number }>): number[] {
  return rowsWithIds.map((row) => row.id);
}

export function memberIdByPhone(sqlite: Sqlite.Database, phone: string): number {
  const row = sqlite.prepare('SELECT id FROM members WHERE phone = ?').get(phone) as { id: number } | undefined;
  if (row === undefined) throw new Error(`no member with phone ${phone}`);
  return row.id;
}
