import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Skeleton, Tag, Typography, theme } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/domain/group.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime, formatNumber } from '../format.ts';

interface Props {
  groupId: number | null;
  onClose(): void;
  onEdit(group: Group): void;
}

/** Everything about one group, rules included, read-only with an Edit button. */
export function GroupDetailDrawer({ groupId, onClose, onEdit }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const desk = useDesk();
  const [loaded, setLoaded] = useState<{ id: number; group: Group | null; error: unknown } | null>(null);

  useEffect(() => {
    if (groupId === null) return;
    let current = true;
    call('groups.get', { id: groupId }).then(
      (group) => current && setLoaded({ id: groupId, group, error: null }),
      (error: unknown) => current && setLoaded({ id: groupId, group: null, error }),
    );
    return () => {
      current = false;
    };
  }, [groupId, desk.dataVersion]);

  const state = loaded && loaded.id === groupId ? loaded : null;
  const group = state?.group ?? null;
  const notSet = <Typography.Text type="secondary">{t('groupDetail.notSet')}</Typography.Text>;
  const text = (value: string) => (value ? value : notSet);

  return (
    <Drawer
      open={groupId !== null}
      onClose={onClose}
      size={560}
      title={group ? group.name : t('groupDetail.title')}
      extra={
        group && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(group)}>
            {t('groups.action.edit')}
          </Button>
        )
      }
    >
      {!state && <Skeleton active />}
      {state?.error !== null && state?.error !== undefined && <Alert type="error" showIcon title={errorText(t, state.error)} />}
      {group && (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 140 } }}
            items={[
              { key: 'platform', label: t('groupForm.field.platform'), children: t(`groups.platform.${group.platform}`) },
              {
                key: 'status',
                label: t('groups.column.status'),
                children: <Tag color={group.status === 'active' ? 'green' : 'default'}>{t(`groups.status.${group.status}`)}</Tag>,
              },
              { key: 'theme', label: t('groupForm.field.theme'), children: text(group.theme) },
              { key: 'targetMembers', label: t('groupForm.field.targetMembers'), children: text(group.targetMembers) },
              { key: 'coreValue', label: t('groupForm.field.coreValue'), children: text(group.coreValue) },
              { key: 'owner', label: t('groupForm.field.owner'), children: text(group.owner) },
              { key: 'createdOn', label: t('groupForm.field.createdOn'), children: group.createdOn ?? notSet },
              {
                key: 'capacity',
                label: t('groupForm.field.capacity'),
                children: group.capacity === null ? t('groupDetail.noLimit') : formatNumber(group.capacity, desk.settings.language),
              },
              { key: 'updatedAt', label: t('groupDetail.updatedAt'), children: formatDateTime(group.updatedAt) },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('groupForm.field.rules')}
          </Typography.Title>
          {group.rules ? (
            <div
              style={{
                whiteSpace: 'pre-wrap',
                background: token.colorFillAlter,
                border: `1px solid ${token.colorBorderSecondary}`,
                borderRadius: token.borderRadius,
                padding: '12px 16px',
                lineHeight: 1.8,
              }}
            >
              {group.rules}
            </div>
          ) : (
            <Typography.Text type="secondary">{t('groupDetail.noRules')}</Typography.Text>
          )}
        </>
      )}
    </Drawer>
  );
}
