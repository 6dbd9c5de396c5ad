import { FileExcelOutlined, HistoryOutlined, PlusOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Popconfirm, Result, Statistic, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberImportCounts } from '../../../shared/domain/member.ts';
import { SECTIONS, type Section } from '../commands.ts';
import { useDesk } from '../desk.tsx';
import { formatNumber } from '../format.ts';
import { useImportActions } from './import-actions.ts';
import type { FinishedImport } from './ImportWizard.tsx';
import { ProblemTable } from './ProblemTable.tsx';

const RESULT_COUNTS = ['created', 'updated', 'unchanged', 'skipped', 'conflicts', 'mergedInFile', 'empty'] as const satisfies ReadonlyArray<keyof MemberImportCounts>;

/** The member directory's section, when the app has one. */
const MEMBERS_SECTION: Section | undefined = SECTIONS.find((section): boolean => (section as string) === 'members');

interface Props {
  finished: FinishedImport;
  onStartOver(): void;
  onShowHistory(): void;
}

/** Step 6: what the import did, its problems, and the ways on: export problems, undo, see the members. */
export function ResultStep({ finished, onStartOver, onShowHistory }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const desk = useDesk();
  const language = desk.settings.language;
  const { undo, exportProblems, jobElement } = useImportActions();
  const [undone, setUndone] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const { result, file } = finished;

  const noneNew = result.created === 0;
  const title = noneNew ? t('importWizard.result.titleNoneNew') : t('importWizard.result.titleCreated', { count: formatNumber(result.created, language) });
  const subTitle = !noneNew
    ? t('importWizard.result.summary', { file: file.fileName })
    : result.updated > 0
      ? t('importWizard.result.noneNewUpdated', { count: formatNumber(result.updated, language) })
      : result.skipped > 0
        ? t('importWizard.result.noneNewSkipped')
        : t('importWizard.result.noneNewUnchanged');

  const countColor = (key: (typeof RESULT_COUNTS)[number]): string | undefined => {
    if (result[key] === 0) return undefined;
    if (key === 'created') return token.colorSuccess;
    if (key === 'updated') return token.colorPrimary;
    if (key === 'conflicts' || key === 'empty') return token.colorError;
    return undefined;
  };

  const problemCount = result.problems.length + finished.readerProblems;
  const canUndo = result.changeBatchId !== null && !undone;

  const runUndo = async () => {
    setUndoing(true);
    if (await undo(result.importId, file.fileName)) setUndone(true);
    setUndoing(false);
  };

  return (
    <Flex vertical gap={16}>
      <Result
        status={undone ? 'warning' : noneNew ? 'info' : 'success'}
        title={
          <Flex justify="center" align="center" gap={8} wrap>
            <span>{title}</span>
            {undone && <Tag color="orange">{t('importWizard.result.undoneTag')}</Tag>}
          </Flex>
        }
        subTitle={subTitle}
        style={{ padding: '16px 24px 8px' }}
        extra={[
          <Button key="history" icon={<HistoryOutlined />} onClick={onShowHistory}>
            {t('importWizard.history.viewHistory')}
          </Button>,
          ...(MEMBERS_SECTION
            ? [
                <Button key="members" type="primary" icon={<TeamOutlined />} onClick={() => desk.goTo(MEMBERS_SECTION)}>
                  {t('importWizard.result.goToMembers')}
                </Button>,
              ]
            : []),
          <Button key="again" icon={<PlusOutlined />} onClick={onStartOver} type={MEMBERS_SECTION ? 'default' : 'primary'}>
            {t('importWizard.result.importAnother')}
          </Button>,
        ]}
      />
      <Flex gap={12} wrap role="group" aria-label={title}>
        {RESULT_COUNTS.map((key) => (
          <Card key={key} size="small" style={{ minWidth: 120, flex: '1 1 120px' }}>
            <Statistic
              title={t(`importWizard.result.${key}`)}
              value={formatNumber(result[key], language)}
              styles={{ content: { color: countColor(key), fontSize: 22 } }}
              data-count={key}
            />
          </Card>
        ))}
      </Flex>
      <Flex gap={8} wrap justify="flex-end">
        <Button icon={<FileExcelOutlined />} disabled={problemCount === 0} onClick={() => void exportProblems(result.importId)}>
          {t('importWizard.result.exportProblems')}
        </Button>
        <Popconfirm
          title={t('importWizard.result.undoConfirm', { file: file.fileName })}
          description={<div style={{ maxWidth: 320 }}>{t('importWizard.result.undoConfirmHelp')}</div>}
          okText={t('importWizard.result.undoOk')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          // Closes at once: a big undo shows its own progress dialog.
          onConfirm={() => void runUndo()}
          disabled={!canUndo}
        >
          <Button danger icon={<RollbackOutlined />} disabled={!canUndo} loading={undoing}>
            {t('importWizard.result.undo')}
          </Button>
        </Popconfirm>
      </Flex>
      {result.problems.length > 0 && (
        <Flex vertical gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.result.problemsTitle', { count: result.problems.length })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.result.problemsHelp')}</Typography.Text>
          <ProblemTable problems={result.problems} label={t('importWizard.result.problemsTitle', { count: result.problems.length })} />
        </Flex>
      )}
      {finished.readerProblems > 0 && <Alert type="info" showIcon title={t('importWizard.result.readerProblems', { count: finished.readerProblems })} />}
      {jobElement}
    </Flex>
  );
}
