import path from 'node:path';
import { afterEach } from 'vitest';
import { openWorkspace, type Workspace } from '../../electron/db/workspace.ts';

/**
 * A fresh workspace file per test for service-level tests, closed after each test. Use together with
 * useTempDirs (which removes the folder).
 */
export function useWorkspaces(tempDir: () => string): () => Promise<Workspace> {
  const open: Workspace[] = [];
  afterEach(async () => {
    for (const workspace of open.splice(0)) await workspace.close();
  });
  return async () => {
    const workspace = await openWorkspace(path.join(tempDir(), 'workspace.sqlite'), { create: true });
    open.push(workspace);
    return workspace;
  };
}

/** A clock for services that take `now` as an ISO string: each call is one second after the last. */
export function ticking(start = '2026-02-01T08:00:00.000Z'): () => string {
  let at = Date.parse(start);
  return () => {
    const now = new Date(at).toISOString();
    at += 1000;
    return now;
  };
}

export function countRows(workspace: Workspace, table: 'groups' | 'change_batches' | 'audit_log'): number {
  return (workspace.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
