/**
 * The app's language, kept in the workspace (app_meta "language"), so what is made from the workspace
 * without the app (the CLI's export) speaks the operator's language. The app writes it when a workspace
 * is opened and when the language setting changes; a workspace that never saw the app is zh-CN.
 */
import type Sqlite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LANGUAGES, type Language } from '../../../shared/domain/workspace.ts';

export const LANGUAGE_META_KEY = 'language';
export const DEFAULT_WORKSPACE_LANGUAGE: Language = 'zh-CN';

export function readWorkspaceLanguage(sqlite: Sqlite.Database): Language {
  const row = sqlite.prepare('SELECT value FROM app_meta WHERE key = ?').get(LANGUAGE_META_KEY) as { value: string } | undefined;
  return row !== undefined && (LANGUAGES as readonly string[]).includes(row.value) ? (row.value as Language) : DEFAULT_WORKSPACE_LANGUAGE;
}

/**
 * Writes the language only when it differs (opening a workspace does not touch the file otherwise).
 * Through Kysely, so it waits for a running import's transaction instead of joining it.
 */
export async function writeWorkspaceLanguage(db: Kysely<Database>, language: Language): Promise<void> {
  await sql`INSERT INTO app_meta (key, value) VALUES (${LANGUAGE_META_KEY}, ${language})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE app_meta.value IS NOT excluded.value`.execute(db);
}
