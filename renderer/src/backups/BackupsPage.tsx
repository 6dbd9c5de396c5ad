import { CloudUploadOutlined, RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Progress, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, ChangeSummary } from '../../../shared/domain/workspace.ts';
import { call, newJobId, onEvent } from '../api.ts';
import { useCommand, useDesk } from '../desk.tsx';
import { errorText, toAppError } from '../errors.ts';
import { formatBytes, formatDateTime } from '../format.ts';
import { tKey } from '../i18n.ts';

const REASONS = ['manual', 'daily', 'before-migration', 'before-restore'] as const;
type Reason = (typeof REASONS)[number];
const REASON_COLORS: Record<Reason, string> = { manual: 'blue', daily: 'default', 'before-migration': 'purple', 'before-restore': 'orange' };

function isReason(value: string): value is Reason {
  return (REASONS as readonly string[]).includes(value);
}

interface Job {
  id: string;
  done: number;
  total: number;
  phaseKey: string;
}

/** Backups of the open workspace (take one, restore one) and the recent changes that Undo walks back. */
export function BackupsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const desk = useDesk();
  const [backups, setBackups] = useState<BackupEntry[] | null>(null);
  const [changes, setChanges] = useState<ChangeSummary[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [highlightRestore, setHighlightRestore] = useState(false);
  const jobRef = useRef<string | null>(null);

  useEffect(() => {
    let current = true;
    Promise.all([call('backups.list', {}), call('history.list', { limit: 30 })]).then(
      ([backupList, changeList]) => {
        if (!current) return;
        setBackups(backupList);
        setChanges(changeList);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [desk.dataVersion]);

  const onProgress = useEffectEvent((payload: { jobId: string; done: number; total: number; phaseKey: string }) => {
    if (payload.jobId !== jobRef.current) return;
    setJob({ id: payload.jobId, done: payload.done, total: payload.total, phaseKey: payload.phaseKey });
  });
  useEffect(() => onEvent('job.progress', (payload) => onProgress(payload)), []);

  const runBackup = async () => {
    if (jobRef.current) return;
    const id = newJobId('backup');
    jobRef.current = id;
    setJob({ id, done: 0, total: 0, phaseKey: 'jobs.phase.backup' });
    try {
      const entry = await call('backups.run', { jobId: id });
      void message.success(t('backups.doneMessage', { time: formatDateTime(entry.createdAt) }));
      desk.refresh();
    } catch (error) {
      if (toAppError(error).code === 'CANCELLED') void message.info(t('backups.cancelledMessage'));
      else desk.showError(error);
    } finally {
      jobRef.current = null;
      setJob(null);
    }
  };

  const cancelBackup = async () => {
    const id = jobRef.current;
    if (!id) return;
    try {
      await call('jobs.cancel', { jobId: id });
    } catch (error) {
      desk.showError(error);
    }
  };

  const confirmRestore = (entry: BackupEntry) => {
    const time = formatDateTime(entry.createdAt);
    modal.confirm({
      title: t('backups.restoreConfirm.title', { time }),
      content: t('backups.restoreConfirm.content'),
      okText: t('backups.restoreConfirm.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await call('backups.restore', { fileName: entry.fileName });
          setHighlightRestore(false);
          void message.success(t('backups.restoredMessage', { time }));
          desk.refresh();
        } catch (error) {
          desk.showError(error);
        }
      },
    });
  };

  useCommand('backupNow', () => void runBackup());
  useCommand('restoreBackup', () => setHighlightRestore(true));

  const reasonLabel = (reason: string) => (isReason(reason) ? t(`backups.reason.${reason}`) : reason);
  const columns: TableColumnsType<BackupEntry> = [
    { key: 'createdAt', title: t('backups.column.createdAt'), width: 190, render: (_, entry) => formatDateTime(entry.createdAt) },
    {
      key: 'reason',
      title: t('backups.column.reason'),
      width: 150,
      render: (_, entry) => <Tag color={isReason(entry.reason) ? REASON_COLORS[entry.reason] : 'default'}>{reasonLabel(entry.reason)}</Tag>,
    },
    { key: 'size', title: t('backups.column.size'), width: 110, align: 'right', render: (_, entry) => formatBytes(entry.sizeBytes, desk.settings.language) },
    {
      key: 'fileName',
      title: t('backups.column.fileName'),
      ellipsis: true,
      render: (_, entry) => (
        <Typography.Text type="secondary" title={entry.path}>
          {entry.fileName}
        </Typography.Text>
      ),
    },
    {
      key: 'actions',
      title: t('backups.column.actions'),
      width: 120,
      render: (_, entry) => (
        <Button size="small" icon={<RollbackOutlined />} onClick={() => confirmRestore(entry)} disabled={job !== null}>
          {t('backups.restore')}
        </Button>
      ),
    },
  ];

  const percent = job && job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
  const lastUndoable = changes?.find((change) => !change.undone);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.backups')}
      </Typography.Title>
      {loadError !== null && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      <Card
        title={t('backups.title')}
        extra={
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void runBackup()} loading={job !== null}>
            {t('backups.runNow')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('backups.description')}</Typography.Paragraph>
        {highlightRestore && (
          <Alert
            type="info"
            showIcon
            closable={{ onClose: () => setHighlightRestore(false) }}
            title={t('backups.restoreHint')}
            style={{ marginBottom: 16 }}
          />
        )}
        {job && (
          <Flex align="center" gap={12} style={{ marginBottom: 16 }} role="status">
            <Typography.Text>{tKey(t, job.phaseKey)}</Typography.Text>
            <Progress percent={percent} status="active" style={{ flex: 1, margin: 0 }} />
            <Button onClick={() => void cancelBackup()}>{t('common.cancel')}</Button>
          </Flex>
        )}
        <Table<BackupEntry>
          rowKey="fileName"
          size="small"
          columns={columns}
          dataSource={backups ?? []}
          loading={backups === null && loadError === null}
          pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('backups.empty')} /> }}
        />
      </Card>
      <Card
        title={t('changes.title')}
        extra={
          <Button icon={<UndoOutlined />} onClick={() => void desk.undoLast()} disabled={!lastUndoable}>
            {t('changes.undoLast')}
          </Button>
        }
      >
        {changes && changes.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('changes.empty')} />
        ) : (
          <Timeline
            style={{ marginTop: 8 }}
            items={(changes ?? []).map((change) => ({
              key: change.batchId,
              color: change.undone ? 'gray' : change === lastUndoable ? 'blue' : 'green',
              content: (
                <Flex gap={8} align="baseline" wrap>
                  <Typography.Text delete={change.undone}>{tKey(t, change.actionKey, change.params)}</Typography.Text>
                  {change.undone && <Tag>{t('changes.undoneTag')}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(change.at)}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
    </Flex>
  );
}
