import { App as AntApp, ConfigProvider, Spin, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Settings, WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { call } from './api.ts';
import { applyLanguage, i18n } from './i18n.ts';
import { AppShell } from './shell/AppShell.tsx';
import { StartupProblem } from './shell/StartupProblem.tsx';

type Boot =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; settings: Settings; workspace: WorkspaceInfo | null; workspaceError: unknown };

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
          {boot.status === 'loading' && <Spin fullscreen />}
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
