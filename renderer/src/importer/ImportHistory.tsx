import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportBatchInfo } from '../../../shared/domain/member.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { useImportActions } from './import-actions.ts';

/** Every import batch: file, time, sheet, policy, counts and problems; undo one, or export its problem rows. */
export function ImportHistory() {
  const { t } = useTranslation();
  const desk = useDesk();
  const language = desk.settings.language;
  const { undo, exportProblems, jobElement } = useImportActions();
  const [batches, setBatches] = useState<ImportBatchInfo[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [busyId, setBusyId] = useState<number | null>(null);

  useEffect(() => {
    let current = true;
    call('importer.history', {}).then(
      (list) => {
        if (!current) return;
        setBatches(list);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [desk.dataVersion, reload]);

  const n = (value: number) => formatNumber(value, language);

  const columns: TableColumnsType<ImportBatchInfo> = [
    {
      key: 'file',
      title: t('importWizard.history.file'),
      ellipsis: true,
      render: (_, batch) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Flex align="center" gap={8} style={{ minWidth: 0 }}>
            <Typography.Text strong delete={batch.undone} ellipsis={{ tooltip: batch.fileName }}>
              {batch.fileName}
            </Typography.Text>
            {batch.undone && <Tag color="orange">{t('importWizard.history.undoneTag')}</Tag>}
          </Flex>
          {batch.sheet !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('importWizard.history.sheet')}: {batch.sheet}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'time', title: t('importWizard.history.time'), width: 160, render: (_, batch) => formatDateTime(batch.finishedAt) },
    {
      key: 'policy',
      title: t('importWizard.history.policy'),
      width: language === 'en' ? 110 : 96,
      render: (_, batch) => <span title={t(`importWizard.policyHelp.${batch.policy}`)}>{t(`importWizard.policyShort.${batch.policy}`)}</span>,
    },
    {
      key: 'counts',
      title: t('importWizard.history.counts'),
      width: language === 'en' ? 240 : 210,
      render: (_, batch) => {
        const { counts } = batch;
        const extra = [
          counts.skipped > 0 ? t('importWizard.history.skippedText', { count: n(counts.skipped) }) : null,
          counts.conflicts > 0 ? t('importWizard.history.conflictsText', { count: n(counts.conflicts) }) : null,
        ].filter((text): text is string => text !== null);
        return (
          <Flex vertical>
            <span>{t('importWizard.history.countsText', { created: n(counts.created), updated: n(counts.updated), unchanged: n(counts.unchanged) })}</span>
            {extra.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {extra.join(' · ')}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      key: 'problems',
      title: t('importWizard.history.problems'),
      width: language === 'en' ? 84 : 60,
      align: 'right',
      render: (_, batch) => (batch.problemCount === 0 ? <Typography.Text type="secondary">0</Typography.Text> : <Typography.Text type="warning">{n(batch.problemCount)}</Typography.Text>),
    },
    {
      key: 'actions',
      title: t('importWizard.history.actions'),
      width: language === 'en' ? 180 : 140,
      render: (_, batch) => {
        const undoButton = (
          <Button type="link" size="small" danger disabled={batch.undone || batch.changeBatchId === null} loading={busyId === batch.id}>
            {t('importWizard.history.undo')}
          </Button>
        );
        return (
          <Space size={0}>
            <Button type="link" size="small" disabled={batch.problemCount === 0} onClick={() => void exportProblems(batch.id)}>
              {t('importWizard.history.exportProblems')}
            </Button>
            {batch.changeBatchId === null && !batch.undone ? (
              <Tooltip title={t('importWizard.history.nothingChanged')}>{undoButton}</Tooltip>
            ) : (
              <Popconfirm
                title={t('importWizard.result.undoConfirm', { file: batch.fileName })}
                description={<div style={{ maxWidth: 320 }}>{t('importWizard.result.undoConfirmHelp')}</div>}
                okText={t('importWizard.result.undoOk')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                disabled={batch.undone}
                // Closes at once: a big undo shows its own progress dialog.
                onConfirm={() => {
                  setBusyId(batch.id);
                  void undo(batch.id, batch.fileName).finally(() => setBusyId(null));
                }}
              >
                {undoButton}
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t('importWizard.history.help')}</Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={() => setReload((value) => value + 1)}>
          {t('importWizard.history.refresh')}
        </Button>
      </Flex>
      {loadError !== null && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      <Table<ImportBatchInfo>
        aria-label={t('importWizard.history.title')}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={batches ?? []}
        loading={batches === null && loadError === null}
        tableLayout="fixed"
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        rowClassName={(batch) => (batch.undone ? 'desk-row-archived' : '')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('importWizard.history.empty')} /> }}
      />
      {jobElement}
    </Flex>
  );
}
