import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupFolder } from '../../../electron/db/backup.ts';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../../shared/contract/channels.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { describeValue, malformedPayloads, validSample, type MalformedCase } from '../../helpers/contract-cases.ts';
import { snapshotFolder, withRawDb } from '../../helpers/files.ts';
import { fileOrNull, startTestHost, type TestHost } from '../../helpers/host.ts';

/**
 * Every channel, sent malformed payloads through the real router, shell handlers and service host on
 * a real workspace: each must be refused as VALIDATION, and nothing may be written anywhere.
 */
let dir: string;
let host: TestHost;

interface Observed {
  groups: unknown[];
  changeBatches: number;
  auditRows: number;
  settings: string | null;
  backups: Record<string, string>;
  workspaceFolder: string[];
  platformCalls: number;
}

async function observe(): Promise<Observed> {
  return {
    groups: await host.value('groups.list', { includeArchived: true }),
    ...withRawDb(host.workspacePath, (sqlite) => ({
      changeBatches: (sqlite.prepare('SELECT count(*) AS n FROM change_batches').get() as { n: number }).n,
      auditRows: (sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    })),
    settings: fileOrNull(host.settingsFile),
    backups: snapshotFolder(backupFolder(host.workspacePath)),
    workspaceFolder: fs.readdirSync(path.dirname(host.workspacePath)).filter((name) => !/-(wal|shm)$/.test(name)).sort(),
    platformCalls: host.platform.calls.length,
  };
}

let before: Observed;

beforeAll(async () => {
  // One workspace for the whole file (useTempDirs would remove it after the first test).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-fuzz-'));
  host = await startTestHost({ dir });
  // A workspace with something to lose: a group, an archived group, settings on disk and a backup.
  const group = await host.value('groups.create', { fields: { name: '读书会', platform: 'wechat', capacity: 100 } });
  const archived = await host.value('groups.create', { fields: { name: '旧群', platform: 'qq' } });
  await host.value('groups.setArchived', { id: archived.id, archived: true });
  await host.value('settings.update', { language: 'en', theme: 'dark' });
  await host.value('backups.run', { jobId: 'fuzz-backup' });
  expect(group.id).toBe(1);
  before = await observe();
});

afterAll(async () => {
  await host.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectValidationError(result: Result<unknown>, testCase: MalformedCase, channel: ChannelName): void {
  const where = `${channel}: ${testCase.label}`;
  expect(result.ok, where).toBe(false);
  if (result.ok) return;
  expect(result.error.code, where).toBe('VALIDATION');
  expect(result.error.messageKey, where).toMatch(/^errors\./);
  // What goes back to the window is small, plain data: no stack, no echo of a 5 MB value.
  const serialized = JSON.stringify(result.error);
  expect(serialized.length, `${where}: error of ${serialized.length} characters`).toBeLessThan(4096);
  expect(serialized, where).not.toMatch(/\bat .*\.ts:\d+/);
  expect(structuredClone(result.error), where).toEqual(result.error);
  if (testCase.field !== undefined && result.error.messageKey === 'errors.validation') {
    const field = testCase.field;
    // The field itself, or a part of it (a union's discriminator, an entry of a list).
    const named = (result.error.issues ?? []).some((issue) => issue.path === field || issue.path.startsWith(`${field}.`) || (field === '' && issue.path !== undefined));
    expect(named, `${where}: the error names the field, got ${JSON.stringify(result.error.issues).slice(0, 300)}`).toBe(true);
  }
}

describe('contract fuzz: malformed payloads on every channel', () => {
  it('knows how to build a valid payload for every channel (so each malformed case breaks exactly one thing)', () => {
    for (const channel of CHANNEL_NAMES) {
      const sample = validSample(channels[channel].input);
      expect(channels[channel].input.safeParse(sample).success, channel).toBe(true);
    }
  });

  it.each(CHANNEL_NAMES)('%s refuses every malformed payload as VALIDATION and writes nothing', async (channel) => {
    const cases = malformedPayloads(channels[channel].input);
    // Every channel gets the payload-level cases, the unknown-key and the pollution cases at least.
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const testCase of cases) {
      expectValidationError(await host.router(channel, testCase.payload), testCase, channel);
    }
    expect(await observe()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses unknown channel names, including the host-internal operations, and writes nothing', async () => {
    const names: unknown[] = [
      'nope',
      '',
      ' groups.list',
      'groups.list ',
      'GROUPS.LIST',
      'groups',
      'groups.list\u0000',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      // Operations only main may ask of the host: a window must not open or copy arbitrary files.
      'workspace.open',
      'workspace.copyTo',
      'x'.repeat(1_000_000),
      null,
      undefined,
      42,
      {},
      ['groups.list'],
      Symbol('groups.list'),
    ];
    for (const name of names) {
      const result = await host.router(name, { path: path.join(dir, 'evil.sqlite'), create: true, isDefault: false });
      expect(result, describeValue(name)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', messageKey: 'errors.unknownChannel' } });
      if (!result.ok) expect(JSON.stringify(result.error).length).toBeLessThan(1024);
    }
    expect(fs.existsSync(path.join(dir, 'evil.sqlite'))).toBe(false);
    expect(await observe()).toEqual(before);
  });

  it('refuses links that are not http(s) before they reach the operating system', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'vbscript:x', 'smb://host/share', 'not a url', 'ms-settings:', '//example.com']) {
      expect(await host.router('shell.openExternal', { url }), url).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(host.platform.calls).toEqual([]);
    expect(await observe()).toEqual(before);
  });

  it('still answers well-formed calls after all of that', async () => {
    expect(await host.router('app.ping', {})).toMatchObject({ ok: true });
    expect(await host.router('groups.get', { id: 1 })).toMatchObject({ ok: true, value: { id: 1, name: '读书会' } });
  });
});
