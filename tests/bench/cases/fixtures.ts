import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { openWorkspace } from '../../../electron/db/workspace.ts';

const PLATFORMS = ['wechat', 'wecom', 'qq', 'dingtalk', 'discord', 'telegram', 'other'] as const;
const THEMES = ['读书', '跑步', '摄影', '亲子', '职场', '编程', '烘焙', '旅行'];

/** A closed workspace holding `count` realistic groups (a few archived), written in one transaction. */
export async function workspaceWithGroups(dir: string, count: number, name = 'bench.sqlite'): Promise<string> {
  const file = path.join(dir, name);
  const workspace = await openWorkspace(file, { create: true });
  const insert = workspace.sqlite.prepare(
    `INSERT INTO groups (name, platform, theme, target_members, core_value, rules, owner, created_on, capacity, status, archived_at, created_at, updated_at)
     VALUES (@name, @platform, @theme, @target, @value, @rules, @owner, @createdOn, @capacity, @status, @archivedAt, @at, @at)`,
  );
  workspace.sqlite.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const theme = THEMES[index % THEMES.length] ?? '其他';
      const archived = index % 10 === 9;
      insert.run({
        name: `${theme}${index % 3 === 0 ? '交流' : '同好'}群 ${String(index + 1).padStart(4, '0')}`,
        platform: PLATFORMS[index % PLATFORMS.length] ?? 'other',
        theme: `${theme}爱好者的${index % 2 === 0 ? '线上' : '线下'}社群`,
        target: '18-35 岁城市白领',
        value: '互相督促，共同成长',
        rules: '1. 不发广告\n2. 友善交流\n3. 每周打卡一次'.repeat(3),
        owner: `群主${index % 50}`,
        createdOn: `2025-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
        capacity: 500,
        status: archived ? 'archived' : 'active',
        archivedAt: archived ? '2026-01-01T00:00:00.000Z' : null,
        at: '2026-01-01T00:00:00.000Z',
      });
    }
  })();
  await workspace.close();
  return file;
}

/** A raw better-sqlite3 connection configured like a workspace, for baselines. */
export function rawConnection(file: string): Sqlite.Database {
  const sqlite = new Sqlite(file, { fileMustExist: true });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  return sqlite;
}
