import { App as AntApp, ConfigProvider, Flex, Spin, theme as antTheme, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Settings, WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { call } from './api.ts';
import { applyLanguage, i18n } from './i18n.ts';
import { AppShell } from './shell/AppShell.tsx';
import { StartupProblem } from './shell/StartupProblem.tsx';

type Boot =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; settings: Settings; workspace: WorkspaceInfo | null; workspaceError: unknown };

/** After this long, the startup spinner says what it waits for: opening a large workspace checks the whole file. */
const SLOW_OPEN_MS = 1_000;

/**
 * The startup spinner. Opening runs SQLite's quick_check over the whole file (~5 s at 1,000,000
 * members), and a first open by a new version backs up and migrates; the words appear only when it is slow.
 */
function Opening() {
  const { t } = useTranslation();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_OPEN_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <Flex vertical align="center" justify="center" gap={12} style={{ minHeight: '100vh', padding: 24, textAlign: 'center' }} role="status">
      <Spin size="large" />
      {slow && (
        <>
          <Typography.Text style={{ fontSize: 15 }}>{t('desk.opening')}</Typography.Text>
          <Typography.Text type="secondary" style={{ maxWidth: 440 }}>
            {t('desk.openingLarge')}
          </Typography.Text>
        </>
      )}
    </Flex>
  );
}

/** Loads settings and the current workspace, then renders the app in the chosen language and theme. */
export function Root() {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });

  const load = useCallback(() => {
    void (async () => {
      try {
        const settings = await call('settings.get', {});
        applyLanguage(settings.language);
        try {
          const workspace = await call('workspace.current', {});
          setBoot({ status: 'ready', settings, workspace, workspaceError: null });
        } catch (workspaceError) {
          setBoot({ status: 'ready', settings, workspace: null, workspaceError });
        }
      } catch (error) {
        setBoot({ status: 'failed', error });
      }
    })();
  }, []);

  useEffect(load, [load]);

  const language = boot.status === 'ready' ? boot.settings.language : 'zh-CN';
  const dark = boot.status === 'ready' && boot.settings.theme === 'dark';

  useEffect(() => {
    dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
    applyLanguage(language);
  }, [language]);

  const setSettings = useCallback((settings: Settings) => {
    applyLanguage(settings.language);
    setBoot((current) => (current.status === 'ready' ? { ...current, settings } : current));
  }, []);
  const setWorkspace = useCallback((workspace: WorkspaceInfo) => {
    setBoot((current) => (current.status === 'ready' ? { ...current, workspace, workspaceError: null } : current));
  }, []);

  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider
        locale={language === 'zh-CN' ? zhCN : enUS}
        // Two-character labels read as words (取消, 创建), not as spaced-out letters.
        button={{ autoInsertSpace: false }}
        theme={{
          algorithm: dark ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm,
          token: { colorPrimary: '#1668dc', borderRadius: 8 },
        }}
      >
        <AntApp>
          {boot.status === 'loading' && <Opening />}
          {boot.status === 'failed' && <StartupProblem error={boot.error} onRetry={load} />}
          {boot.status === 'ready' && (
            <AppShell
              settings={boot.settings}
              workspace={boot.workspace}
              workspaceError={boot.workspaceError}
              onSettings={setSettings}
              onWorkspace={setWorkspace}
            />
          )}
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
