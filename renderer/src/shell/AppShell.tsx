import { CloudServerOutlined, ContactsOutlined, ImportOutlined, QuestionCircleOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Layout, Menu, Tooltip, Typography, theme } from 'antd';
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MenuCommand } from '../../../shared/contract/channels.ts';
import type { Settings, WorkspaceInfo } from '../../../shared/domain/workspace.ts';
import { call, onEvent } from '../api.ts';
import { BackupsPage } from '../backups/BackupsPage.tsx';
import { CommandBus, IS_MAC, SECTIONS, shortcutFor, type Section } from '../commands.ts';
import { DeskContext, type Desk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { GroupsPage } from '../groups/GroupsPage.tsx';
import { ImportPage } from '../importer/ImportPage.tsx';
import { MembersPage } from '../members/MembersPage.tsx';
import { tKey } from '../i18n.ts';
import { SettingsPage } from '../settings/SettingsPage.tsx';
import { useJobRunner } from '../job-progress.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { WorkspaceProblem } from './WorkspaceProblem.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';

const { Sider, Header, Content } = Layout;

/** A menu command that arrives this soon after the same key press is the menu's echo of it, not a second request. */
const ECHO_MS = 500;

/** An undo that has not finished in this long shows its progress dialog. */
const UNDO_REVEAL_MS = 500;

const SECTION_ICONS: Record<Section, ReactNode> = {
  groups: <TeamOutlined />,
  backups: <CloudServerOutlined />,
  settings: <SettingOutlined />,
  import: <ImportOutlined />,
  members: <ContactsOutlined />,
};

/** The navigation lists the sections in the order of their Ctrl+digit shortcuts: what you see is what you press. */
const NAV_ORDER: readonly Section[] = SECTIONS;

interface Props {
  settings: Settings;
  workspace: WorkspaceInfo | null;
  workspaceError: unknown;
  onSettings(settings: Settings): void;
  onWorkspace(workspace: WorkspaceInfo): void;
}

export function AppShell({ settings, workspace, workspaceError, onSettings, onWorkspace }: Props) {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const { token } = theme.useToken();
  const [section, setSection] = useState<Section>('groups');
  const [dataVersion, setDataVersion] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [bus] = useState(() => new CommandBus());
  const lastKeyCommand = useRef<{ command: MenuCommand; at: number } | null>(null);

  const showError = useCallback((error: unknown) => void message.error(errorText(t, error)), [message, t]);

  const refresh = useCallback(() => {
    setDataVersion((version) => version + 1);
    call('workspace.current', {}).then(onWorkspace, () => undefined);
  }, [onWorkspace]);

  const updateSettings = useCallback(
    async (patch: Partial<Pick<Settings, 'language' | 'theme'>>) => {
      try {
        onSettings(await call('settings.update', patch));
      } catch (error) {
        showError(error);
      }
    },
    [onSettings, showError],
  );

  const undoJob = useJobRunner(settings.language);
  const runUndoJob = undoJob.run;
  /** Undoing a big import or delete takes a while: past half a second it shows progress and Cancel. */
  const undoLast = useCallback(async () => {
    try {
      const outcome = await runUndoJob('undo', t('desk.undoing'), (jobId) => call('history.undo', { jobId }), { revealAfterMs: UNDO_REVEAL_MS });
      if (outcome.status === 'cancelled') {
        void message.info(t('desk.undoStopped'));
        return;
      }
      void message.success(t('desk.undone', { action: tKey(t, outcome.value.actionKey, outcome.value.params) }));
      refresh();
    } catch (error) {
      showError(error);
    }
  }, [message, refresh, runUndoJob, showError, t]);

  const goTo = useCallback((next: Section) => setSection(next), []);

  const runCommand = useCallback(
    (command: MenuCommand) => {
      switch (command) {
        case 'showHelp':
          setHelpOpen(true);
          return;
        case 'openSettings':
          setSection('settings');
          return;
        case 'undo':
          void undoLast();
          return;
        case 'newGroup':
        case 'search':
          setHelpOpen(false);
          // A section that takes the command itself (Members: add member, search members) keeps it.
          if (bus.emitIn(section, command)) return;
          // Show the screen first, so that the search box can take focus.
          flushSync(() => setSection('groups'));
          bus.emit(command);
          return;
        case 'backupNow':
        case 'restoreBackup':
          setHelpOpen(false);
          flushSync(() => setSection('backups'));
          bus.emit(command);
          return;
      }
    },
    [bus, undoLast, section],
  );

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const action = shortcutFor(event);
    if (!action) return;
    // Without an open workspace only help works.
    if (!workspace && !(action.kind === 'command' && action.command === 'showHelp')) return;
    event.preventDefault();
    if (action.kind === 'section') {
      setSection(action.section);
      return;
    }
    lastKeyCommand.current = { command: action.command, at: Date.now() };
    runCommand(action.command);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const onMenuCommand = useEffectEvent((command: MenuCommand) => {
    const last = lastKeyCommand.current;
    if (last && last.command === command && Date.now() - last.at < ECHO_MS) return;
    if (!workspace && command !== 'showHelp') return;
    runCommand(command);
  });
  const workspaceChanged = useCallback(
    (next: WorkspaceInfo) => {
      // Undo buttons belong to the data that was just replaced.
      notification.destroy();
      onWorkspace(next);
      setDataVersion((version) => version + 1);
      call('settings.get', {}).then(onSettings, () => undefined);
    },
    [notification, onWorkspace, onSettings],
  );
  const onWorkspaceChanged = useEffectEvent((next: WorkspaceInfo) => workspaceChanged(next));
  useEffect(() => {
    const offMenu = onEvent('menu.command', ({ command }) => onMenuCommand(command));
    const offWorkspace = onEvent('workspace.changed', ({ workspace: next }) => onWorkspaceChanged(next));
    return () => {
      offMenu();
      offWorkspace();
    };
  }, []);

  // Scrollbars, form controls and overscroll follow the theme too.
  useEffect(() => {
    document.documentElement.style.colorScheme = settings.theme;
    document.body.style.backgroundColor = token.colorBgLayout;
  }, [settings.theme, token.colorBgLayout]);

  useEffect(() => {
    document.title = workspace ? t('desk.windowTitle', { workspace: workspace.name }) : t('desk.appName');
  }, [workspace, t]);

  const desk = useMemo<Desk | null>(
    () =>
      workspace && {
        settings,
        updateSettings,
        workspace,
        dataVersion,
        refresh,
        undoLast,
        section,
        goTo,
        runCommand,
        bus,
        showError,
      },
    [settings, updateSettings, workspace, dataVersion, refresh, undoLast, section, goTo, runCommand, bus, showError],
  );

  const mod = IS_MAC ? '⌘' : 'Ctrl+';
  const navItems = NAV_ORDER.map((key) => ({
    key,
    icon: SECTION_ICONS[key],
    label: t(`nav.${key}`),
    extra: <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${mod}${SECTIONS.indexOf(key) + 1}`}</Typography.Text>,
    disabled: !workspace,
  }));

  return (
    <DeskContext value={desk}>
      {undoJob.element}
      <Layout style={{ height: '100vh' }}>
        <Sider width={240} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorSplit}` }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 10, height: 64, padding: '0 20px' }}>
            <img src="./icon.svg" alt="" width={28} height={28} />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('desk.appName')}
            </Typography.Text>
          </div>
          <nav aria-label={t('desk.navigation')}>
            <Menu
              mode="inline"
              selectedKeys={[section]}
              items={navItems}
              onClick={({ key }) => setSection(key as Section)}
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </Sider>
        <Layout>
          <Header
            style={{
              background: token.colorBgContainer,
              borderBottom: `1px solid ${token.colorSplit}`,
              padding: '0 16px',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: 16,
            }}
          >
            <WorkspaceSwitcher workspace={workspace} recent={settings.recentWorkspaces} onCommand={runCommand} onOpened={workspaceChanged} />
            <Tooltip title={t('desk.helpTooltip')}>
              <Button type="text" icon={<QuestionCircleOutlined />} onClick={() => setHelpOpen(true)} aria-label={t('desk.help')}>
                {t('desk.help')}
              </Button>
            </Tooltip>
          </Header>
          <Content style={{ overflow: 'auto', padding: 24 }}>
            {desk ? (
              <>
                <div hidden={section !== 'groups'}>
                  <GroupsPage />
                </div>
                <div hidden={section !== 'backups'}>
                  <BackupsPage />
                </div>
                <div hidden={section !== 'settings'}>
                  <SettingsPage />
                </div>
                <div hidden={section !== 'import'}>
                  <ImportPage />
                </div>
                <div hidden={section !== 'members'}>
                  <MembersPage />
                </div>
              </>
            ) : (
              <WorkspaceProblem error={workspaceError} />
            )}
          </Content>
        </Layout>
      </Layout>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </DeskContext>
  );
}
