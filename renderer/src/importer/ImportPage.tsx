import { HistoryOutlined, ImportOutlined } from '@ant-design/icons';
import { Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportWizard } from './ImportWizard.tsx';

type Tab = 'wizard' | 'history';

/** 导入成员: the import wizard and the history of every import (undo, export problems). */
export function ImportPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('wizard');
  return (
    <Flex vertical gap={8} data-page="import">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('importWizard.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key === 'history' ? 'history' : 'wizard')}
        items={[
          { key: 'wizard', icon: <ImportOutlined />, label: t('importWizard.tabs.wizard'), children: <ImportWizard onShowHistory={() => setTab('history')} /> },
          { key: 'history', icon: <HistoryOutlined />, label: t('importWizard.tabs.history'), children: <ImportHistory /> },
        ]}
      />
    </Flex>
  );
}
