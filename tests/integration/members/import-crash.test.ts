import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityProblems, openWorkspace } from '../../../electron/db/workspace.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { draft, newWorkspace, NOW, rows, snapshotTables } from './member-fixtures.ts';

const tempDir = useTempDirs();
const CHILD = path.join(import.meta.dirname, 'helpers', 'crash-import-child.ts');

/** Runs the child until it has stored `rows` rows (inside its one open transaction), then kills it hard. */
function killMidImport(file: string, rowsBeforeKill: number): Promise<{ lastProgress: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastProgress = 0;
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^progress (\d+)$/.exec(line);
        if (match) lastProgress = Number(match[1]);
        if (line === 'finished') reject(new Error('the import finished before it could be killed'));
      }
      if (lastProgress >= rowsBeforeKill) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastProgress, signal });
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe('an import killed half-way', () => {
  it('leaves the workspace exactly as before: integrity intact, nothing of the batch present', async () => {
    const dir = tempDir();
    const ws = await newWorkspace(dir);
    await commitMemberImport(ws, { fileName: 'before.csv', policy: 'fill-empty', rows: rows(draft({ realName: '原有成员', phone: '13900000000', tags: ['老'] })) }, { now: NOW });
    const before = snapshotTables(ws.sqlite, ['members', 'memberships', 'tags', 'member_tags', 'import_batches', 'change_batches', 'audit_log']);
    const schema = ws.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    await ws.close();

    const killed = await killMidImport(ws.path, 20_000);
    expect(killed.lastProgress).toBeGreaterThanOrEqual(20_000);

    const reopened = await openWorkspace(ws.path);
    try {
      expect(integrityProblems(reopened.sqlite, 'integrity_check')).toEqual([]);
      expect(snapshotTables(reopened.sqlite, ['members', 'memberships', 'tags', 'member_tags', 'import_batches', 'change_batches', 'audit_log'])).toEqual(before);
      // The search index triggers the import had taken away for its transaction are back.
      expect(reopened.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
      expect(reopened.sqlite.prepare("SELECT count(*) AS n FROM members_fts WHERE members_fts MATCH '\"1300000001\"'").get()).toEqual({ n: 0 });
      expect(searchIndexLooksComplete(reopened)).toBe(true);
      // And the workspace works: the same import can run to the end now.
      const result = await commitMemberImport(reopened, { fileName: 'small.csv', policy: 'fill-empty', rows: rows(draft({ realName: '新成员', phone: '13900000001' })) }, { now: NOW });
      expect(result.created).toBe(1);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
