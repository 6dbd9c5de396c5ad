import type Sqlite from 'better-sqlite3';
import { stmt } from './member-store.ts';

export const TAG_NAME_LIMIT = 50;

/** A tag name as stored: trimmed, at most 50 characters; null when blank. */
export function cleanTagName(name: string): string | null {
  const trimmed = [...name.trim()].slice(0, TAG_NAME_LIMIT).join('').trim();
  return trimmed.length === 0 ? null : trimmed;
}

/** Tag ids by lower-cased name (tag names are unique regardless of case). */
export function loadTagIds(sqlite: Sqlite.Database): Map<string, number> {
  const map = new Map<string, number>();
  for (const row of sqlite.prepare('SELECT id, name FROM tags').all() as Array<{ id: number; name: string }>) map.set(row.name.toLowerCase(), row.id);
  return map;
}

/** The ids of these tag names, creating the tags that do not exist yet (recorded by the caller). */
export function ensureTagIds(sqlite: Sqlite.Database, known: Map<string, number>, names: readonly string[], now: string): number[] {
  const ids: number[] = [];
  for (const raw of names) {
    const name = cleanTagName(raw);
    if (name === null) continue;
    const key = name.toLowerCase();
    let id = known.get(key);
    if (id === undefined) {
      id = Number(stmt(sqlite, 'INSERT INTO tags (name, color, created_at) VALUES (?, NULL, ?)').run(name, now).lastInsertRowid);
      known.set(key, id);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
