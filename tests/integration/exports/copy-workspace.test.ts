import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyWorkspaceTo } from '../../../electron/db/backup.ts';
import { openWorkspace, type Workspace } from '../../../electron/db/workspace.ts';

describe('copyWorkspaceTo', () => {
  let dir: string;
  let workspace: Workspace;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-copy-'));
    workspace = await openWorkspace(path.join(dir, 'club.sqlite'), { create: true });
  });
  afterEach(async () => {
    await workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to write the copy over the open workspace itself, by any spelling of its path', async () => {
    const before = fs.readFileSync(workspace.path);
    for (const target of [workspace.path, path.join(dir, '.', 'club.sqlite')]) {
      await expect(copyWorkspaceTo(workspace.sqlite, target)).rejects.toMatchObject({ appError: { code: 'CONFLICT', messageKey: 'errors.copyOntoItself' } });
    }
    expect(fs.readFileSync(workspace.path).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('writes a copy that opens as a workspace with the same data', async () => {
    workspace.sqlite.prepare("INSERT INTO app_meta (key, value) VALUES ('probe', '42')").run();
    const target = path.join(dir, 'copy.sqlite');
    await copyWorkspaceTo(workspace.sqlite, target);
    const copy = await openWorkspace(target);
    expect(copy.sqlite.prepare("SELECT value FROM app_meta WHERE key = 'probe'").get()).toEqual({ value: '42' });
    await copy.close();
  });
});
