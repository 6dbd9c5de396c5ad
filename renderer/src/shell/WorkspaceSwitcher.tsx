import {
  CheckOutlined,
  CloudUploadOutlined,
  CopyOutlined,
  DatabaseOutlined,
  DownOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  FolderOutlined,
  HistoryOutlined,
  HomeOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { App, Button, Dropdown, Tag, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuCommand } from '../../../shared/contract/channels.ts';
import type { WorkspaceInfo } from '../../../shared/domain/workspace.ts';
import { call } from '../api.ts';
import { errorText } from '../errors.ts';
import { baseName } from '../format.ts';

interface Props {
  workspace: WorkspaceInfo | null;
  recent: string[];
  onCommand(command: MenuCommand): void;
  /** Another workspace is open now (the host also announces it with a workspace.changed event). */
  onOpened(workspace: WorkspaceInfo): void;
}

const RECENT_PREFIX = 'recent:';

/** The header's workspace menu: which file is open, and everything one does with workspace files. */
export function WorkspaceSwitcher({ workspace, recent, onCommand, onOpened }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  const opened = (info: WorkspaceInfo | null) => {
    if (!info) return;
    onOpened(info);
    void message.success(t('workspaceSwitcher.opened', { name: info.name }));
  };

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key.startsWith(RECENT_PREFIX)) {
      const path = key.slice(RECENT_PREFIX.length);
      void run(async () => opened(await call('workspace.openRecent', { path })));
      return;
    }
    switch (key) {
      case 'new':
        void run(async () => opened(await call('workspace.chooseNew', {})));
        return;
      case 'open':
        void run(async () => opened(await call('workspace.chooseOpen', {})));
        return;
      case 'default':
        void run(async () => opened(await call('workspace.openDefault', {})));
        return;
      case 'copy':
        void run(async () => {
          const copy = await call('workspace.saveCopy', {});
          if (copy) void message.success(t('workspaceSwitcher.copySaved', { path: copy.path }));
        });
        return;
      case 'reveal':
        void run(async () => {
          await call('workspace.reveal', {});
        });
        return;
      case 'backup':
        onCommand('backupNow');
        return;
      case 'restore':
        onCommand('restoreBackup');
        return;
    }
  };

  const recentItems: NonNullable<MenuProps['items']> =
    recent.length > 0
      ? recent.map((path) => ({
          key: `${RECENT_PREFIX}${path}`,
          label: <span title={path}>{baseName(path)}</span>,
          extra: path === workspace?.path ? <CheckOutlined /> : undefined,
        }))
      : [{ key: 'recent-none', label: t('workspaceSwitcher.noRecent'), disabled: true }];

  const items: MenuProps['items'] = [
    { key: 'new', icon: <FileAddOutlined />, label: t('workspaceSwitcher.newWorkspace') },
    { key: 'open', icon: <FolderOpenOutlined />, label: t('workspaceSwitcher.open') },
    { key: 'recent', icon: <HistoryOutlined />, label: t('workspaceSwitcher.recent'), children: recentItems },
    { key: 'default', icon: <HomeOutlined />, label: t('workspaceSwitcher.openDefault'), disabled: workspace?.isDefault === true },
    { type: 'divider' },
    { key: 'copy', icon: <CopyOutlined />, label: t('workspaceSwitcher.saveCopy'), disabled: !workspace },
    { key: 'backup', icon: <CloudUploadOutlined />, label: t('workspaceSwitcher.backupNow'), disabled: !workspace },
    { key: 'restore', icon: <RollbackOutlined />, label: t('workspaceSwitcher.restore'), disabled: !workspace },
    { type: 'divider' },
    { key: 'reveal', icon: <FolderOutlined />, label: t('workspaceSwitcher.reveal'), disabled: !workspace },
  ];

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" loading={busy} icon={<DatabaseOutlined />} title={workspace?.path} style={{ maxWidth: 520 }}>
        <Typography.Text type="secondary">{t('workspaceSwitcher.label')}</Typography.Text>
        <Typography.Text strong ellipsis style={{ maxWidth: 300 }}>
          {workspace ? workspace.name : t('workspaceSwitcher.none')}
        </Typography.Text>
        {workspace?.isDefault && <Tag style={{ marginInlineEnd: 0 }}>{t('workspaceSwitcher.defaultTag')}</Tag>}
        <DownOutlined style={{ fontSize: 11 }} />
      </Button>
    </Dropdown>
  );
}
