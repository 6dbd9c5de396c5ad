import { FolderOutlined, MoonOutlined, QuestionCircleOutlined, SunOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Form, Radio, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Theme } from '../../../shared/domain/workspace.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatNumber } from '../format.ts';

/**
 * Each language is offered in its own name, whatever the current language is, so that someone who
 * cannot read the current one can still find theirs. These two labels are deliberately not translated.
 */
const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const desk = useDesk();
  const { settings, workspace } = desk;

  const themeOptions: { value: Theme; label: ReactNode }[] = [
    { value: 'light', label: <><SunOutlined /> {t('settingsPage.themeLight')}</> },
    { value: 'dark', label: <><MoonOutlined /> {t('settingsPage.themeDark')}</> },
  ];

  const reveal = async () => {
    try {
      await call('workspace.reveal', {});
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 820 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('settingsPage.title')}
      </Typography.Title>
      <Card title={t('settingsPage.appearance')}>
        <Form layout="horizontal" labelCol={{ flex: '140px' }} labelAlign="left" colon={false}>
          <Form.Item label={t('settingsPage.language')} extra={t('settingsPage.languageHelp')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={LANGUAGE_OPTIONS}
              value={settings.language}
              onChange={(event) => void desk.updateSettings({ language: event.target.value as Language })}
            />
          </Form.Item>
          <Form.Item label={t('settingsPage.theme')} style={{ marginBottom: 0 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={themeOptions}
              value={settings.theme}
              onChange={(event) => void desk.updateSettings({ theme: event.target.value as Theme })}
            />
          </Form.Item>
        </Form>
      </Card>
      <Card
        title={t('settingsPage.workspace')}
        extra={
          <Button icon={<FolderOutlined />} onClick={() => void reveal()}>
            {t('workspaceSwitcher.reveal')}
          </Button>
        }
      >
        <Descriptions
          column={1}
          colon={false}
          size="small"
          styles={{ label: { width: 140 } }}
          items={[
            { key: 'name', label: t('settingsPage.workspaceName'), children: workspace.name },
            { key: 'path', label: t('settingsPage.workspacePath'), children: <Typography.Text copyable>{workspace.path}</Typography.Text> },
            { key: 'groups', label: t('settingsPage.groupCount'), children: formatNumber(workspace.counts.groups ?? 0, settings.language) },
            { key: 'changes', label: t('settingsPage.changeCount'), children: formatNumber(workspace.counts.changes ?? 0, settings.language) },
            { key: 'schema', label: t('settingsPage.schemaVersion'), children: workspace.schemaVersion },
          ]}
        />
      </Card>
      <Card title={t('shortcuts.title')}>
        <Flex align="center" justify="space-between" gap={16}>
          <Typography.Text type="secondary">{t('settingsPage.shortcutsHelp')}</Typography.Text>
          <Button icon={<QuestionCircleOutlined />} onClick={() => desk.runCommand('showHelp')}>
            {t('settingsPage.showShortcuts')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
