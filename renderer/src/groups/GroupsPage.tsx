import { PlusOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Input, Popconfirm, Space, Switch, Table, Tag, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/domain/group.ts';
import { call } from '../api.ts';
import { IS_MAC } from '../commands.ts';
import { useCommand, useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatNumber } from '../format.ts';
import { latestBatchId, useUndoNotice } from '../undo-notice.tsx';
import { GroupDetailDrawer } from './GroupDetailDrawer.tsx';
import { GroupFormDrawer, type GroupFormTarget } from './GroupFormDrawer.tsx';

export function GroupsPage() {
  const { t } = useTranslation();
  const desk = useDesk();
  const announce = useUndoNotice();
  const language = desk.settings.language;
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [formTarget, setFormTarget] = useState<GroupFormTarget | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const searchRef = useRef<InputRef>(null);
  const query = useDeferredValue(search.trim());

  useEffect(() => {
    let current = true;
    call('groups.list', { includeArchived: showArchived, ...(query ? { search: query } : {}) }).then(
      (list) => {
        if (!current) return;
        setGroups(list);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [query, showArchived, desk.dataVersion]);

  const openCreate = () => setFormTarget({ group: null, nonce: Date.now() });
  const openEdit = (group: Group) => setFormTarget({ group, nonce: Date.now() });

  useCommand('newGroup', () => {
    // A second Ctrl+N must not throw away a form the operator is filling in.
    if (formTarget === null) openCreate();
  });
  useCommand('search', () => {
    searchRef.current?.focus({ cursor: 'all' });
  });

  const setArchived = async (group: Group, archived: boolean) => {
    try {
      await call('groups.setArchived', { id: group.id, archived });
      desk.refresh();
      announce(
        t(archived ? 'groups.archivedMessage' : 'groups.unarchivedMessage', { name: group.name }),
        await latestBatchId(archived ? 'history.action.groupArchive' : 'history.action.groupUnarchive'),
      );
    } catch (error) {
      desk.showError(error);
    }
  };

  const remove = async (group: Group) => {
    try {
      await call('groups.delete', { id: group.id });
      if (detailId === group.id) setDetailId(null);
      desk.refresh();
      announce(t('groups.deletedMessage', { name: group.name }), await latestBatchId('history.action.groupDelete'));
    } catch (error) {
      desk.showError(error);
    }
  };

  const onSaved = async (group: Group, created: boolean) => {
    setFormTarget(null);
    desk.refresh();
    const actionKey = created ? 'history.action.groupCreate' : 'history.action.groupUpdate';
    announce(t(created ? 'groups.createdMessage' : 'groups.updatedMessage', { name: group.name }), await latestBatchId(actionKey));
  };

  const columns: TableColumnsType<Group> = [
    {
      key: 'name',
      title: t('groups.column.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (_, group) => (
        <Typography.Link onClick={() => setDetailId(group.id)} title={t('groups.action.details')}>
          {group.name}
        </Typography.Link>
      ),
    },
    {
      key: 'platform',
      title: t('groups.column.platform'),
      dataIndex: 'platform',
      width: 140,
      render: (_, group) => t(`groups.platform.${group.platform}`),
    },
    { key: 'theme', title: t('groups.column.theme'), dataIndex: 'theme', ellipsis: true },
    { key: 'owner', title: t('groups.column.owner'), dataIndex: 'owner', width: 120, ellipsis: true },
    {
      key: 'capacity',
      title: t('groups.column.capacity'),
      dataIndex: 'capacity',
      width: 100,
      align: 'right',
      render: (_, group) => (group.capacity === null ? <Typography.Text type="secondary">—</Typography.Text> : formatNumber(group.capacity, language)),
    },
    {
      key: 'createdOn',
      title: t('groups.column.createdOn'),
      dataIndex: 'createdOn',
      width: 120,
      render: (_, group) => group.createdOn ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'status',
      title: t('groups.column.status'),
      dataIndex: 'status',
      width: 100,
      render: (_, group) => <Tag color={group.status === 'active' ? 'green' : 'default'}>{t(`groups.status.${group.status}`)}</Tag>,
    },
    {
      key: 'actions',
      title: t('groups.column.actions'),
      width: language === 'en' ? 210 : 170,
      render: (_, group) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => openEdit(group)}>
            {t('groups.action.edit')}
          </Button>
          {group.status === 'active' ? (
            <Button type="link" size="small" onClick={() => void setArchived(group, true)}>
              {t('groups.action.archive')}
            </Button>
          ) : (
            <Button type="link" size="small" onClick={() => void setArchived(group, false)}>
              {t('groups.action.unarchive')}
            </Button>
          )}
          <Popconfirm
            title={t('groups.deleteConfirm.title', { name: group.name })}
            description={t('groups.deleteConfirm.description')}
            okText={t('groups.deleteConfirm.ok')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(group)}
          >
            <Button type="link" size="small" danger>
              {t('groups.action.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const workspaceHasGroups = (desk.workspace.counts.groups ?? 0) > 0;
  const searchHint = `${IS_MAC ? '⌘' : 'Ctrl+'}F`;

  if (!workspaceHasGroups && groups !== null && groups.length === 0 && !loadError) {
    return (
      <>
        <Flex vertical align="center" justify="center" style={{ minHeight: 'calc(100vh - 200px)' }}>
          <Empty
            image={<TeamOutlined style={{ fontSize: 72, color: 'var(--ant-color-primary, #1668dc)', opacity: 0.75 }} />}
            styles={{ image: { height: 88 } }}
            description={
              <Flex vertical gap={4} style={{ maxWidth: 460 }}>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('groups.empty.title')}
                </Typography.Title>
                <Typography.Text type="secondary">{t('groups.empty.description')}</Typography.Text>
              </Flex>
            }
          >
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={openCreate}>
              {t('groups.create')}
            </Button>
          </Empty>
        </Flex>
        <GroupFormDrawer target={formTarget} onClose={() => setFormTarget(null)} onSaved={onSaved} />
      </>
    );
  }

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={12}>
        <Flex align="baseline" gap={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('groups.title')}
          </Typography.Title>
          {groups && <Typography.Text type="secondary">{t('groups.count', { count: groups.length })}</Typography.Text>}
        </Flex>
        <Flex align="center" gap={16} wrap>
          <Input
            ref={searchRef}
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('groups.searchPlaceholder', { shortcut: searchHint })}
            aria-label={t('groups.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            style={{ width: 340 }}
          />
          <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} />
            <Typography.Text>{t('groups.showArchived')}</Typography.Text>
          </label>
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            {t('groups.create')}
          </Button>
        </Flex>
      </Flex>
      {loadError !== null && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      <Table<Group>
        rowKey="id"
        columns={columns}
        dataSource={groups ?? []}
        loading={groups === null && loadError === null}
        size="middle"
        pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={query ? t('groups.empty.noMatch', { search: query }) : t('groups.empty.noActive')}
            >
              {query ? (
                <Button onClick={() => setSearch('')}>{t('groups.empty.clearSearch')}</Button>
              ) : (
                !showArchived && <Button onClick={() => setShowArchived(true)}>{t('groups.showArchived')}</Button>
              )}
            </Empty>
          ),
        }}
        rowClassName={(group) => (group.status === 'archived' ? 'desk-row-archived' : '')}
      />
      <GroupFormDrawer target={formTarget} onClose={() => setFormTarget(null)} onSaved={onSaved} />
      <GroupDetailDrawer groupId={detailId} onClose={() => setDetailId(null)} onEdit={openEdit} />
    </Flex>
  );
}
