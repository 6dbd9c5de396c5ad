import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../shared/contract/channels.ts';
import { MENU_COMMANDS } from '../../../shared/contract/channels.ts';
import { buildMenuTemplate, type MainMenuAction, type MenuModel } from '../../../electron/main/menu-template.ts';

function build(overrides: Partial<MenuModel> = {}) {
  const calls: Array<{ kind: string; value: string }> = [];
  const model: MenuModel = { language: 'zh-CN', platform: 'linux', recentWorkspaces: [], currentWorkspace: null, isPackaged: true, ...overrides };
  const template = buildMenuTemplate(model, {
    main: (action: MainMenuAction) => calls.push({ kind: 'main', value: action }),
    openRecent: (workspacePath) => calls.push({ kind: 'recent', value: workspacePath }),
    command: (command: MenuCommand) => calls.push({ kind: 'command', value: command }),
  });
  return { template, calls };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function byId(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const item = flatten(items).find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as unknown as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Window and Help menus, labelled in the settings language', () => {
    expect(build().template.map((menu) => menu.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(build({ language: 'en' }).template.map((menu) => menu.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('translates every label (no raw keys)', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        for (const item of flatten(build({ language, platform, isPackaged: false }).template)) {
          if (item.label !== undefined) expect(item.label, `${language} ${platform}`).not.toMatch(/^shell\.|\{\{/);
        }
      }
    }
  });

  it('runs the workspace items in main', () => {
    const { template, calls } = build();
    for (const id of ['newWorkspace', 'openWorkspace', 'openDefault', 'saveCopy', 'reveal'] as const) click(byId(template, id));
    expect(calls).toEqual(['newWorkspace', 'openWorkspace', 'openDefault', 'saveCopy', 'reveal'].map((value) => ({ kind: 'main', value })));
    expect(byId(template, 'openWorkspace').accelerator).toBe('CmdOrCtrl+O');
  });

  it('sends every renderer command as menu.command, showing but not registering keys the page handles', () => {
    const { template, calls } = build();
    for (const command of MENU_COMMANDS) click(byId(template, `command.${command}`));
    expect(calls.map((call) => call.value)).toEqual([...MENU_COMMANDS]);
    expect(calls.every((call) => call.kind === 'command')).toBe(true);
    expect(byId(template, 'command.newGroup')).toMatchObject({ accelerator: 'CmdOrCtrl+N', registerAccelerator: false });
    expect(byId(template, 'command.showHelp')).toMatchObject({ label: '键盘快捷键', accelerator: 'F1', registerAccelerator: false });
    expect(byId(template, 'command.undo').label).toBe('撤销上一步更改');
  });

  it('keeps Ctrl+Z for undoing typing in text fields (the standard role)', () => {
    const edit = byId(build().template, 'edit').submenu as MenuItemConstructorOptions[];
    expect(edit.map((item) => item.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(byId(build().template, 'command.undo').accelerator).toBeUndefined();
  });

  it('lists recent workspaces, ticks the open one and opens the one clicked', () => {
    const recent = ['/data/a/default.sqlite', '/data/b/default.sqlite'];
    const { template, calls } = build({ recentWorkspaces: recent, currentWorkspace: '/data/b/default.sqlite' });
    const first = byId(template, 'recent.0');
    const second = byId(template, 'recent.1');
    expect(first.label).toBe('default.sqlite — /data/a');
    expect([first.checked, second.checked]).toEqual([false, true]);
    click(first);
    expect(calls).toEqual([{ kind: 'recent', value: '/data/a/default.sqlite' }]);
    expect(byId(build().template, 'recent.none')).toMatchObject({ label: '（暂无）', enabled: false });
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isPackaged: boolean) => flatten(build({ isPackaged }).template).map((item) => item.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('follows macOS conventions: app menu with settings and quit', () => {
    const { template } = build({ platform: 'darwin', language: 'en' });
    expect(template[0]?.label).toBe('Community Desk');
    const appItems = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(appItems.map((item) => item.id ?? item.role)).toContain('command.openSettings');
    expect(appItems.map((item) => item.id ?? item.role)).toContain('quit');
    const file = byId(template, 'file').submenu as MenuItemConstructorOptions[];
    expect(file.map((item) => item.id)).not.toContain('quit');
  });
});
