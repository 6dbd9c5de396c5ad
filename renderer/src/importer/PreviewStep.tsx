import { Alert, Card, Flex, Radio, Statistic, Table, Tag, Tooltip, Typography, theme, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DUPLICATE_POLICIES, type DuplicatePolicy, type MemberDraft, type MemberImportField } from '../../../shared/domain/member.ts';
import type { ImportCounts, ImportPreview, ImportRow } from '../../../shared/domain/members/import-types.ts';
import { useDesk } from '../desk.tsx';
import { formatNumber } from '../format.ts';
import { fieldLabel, problemText } from './import-text.ts';
import { ProblemTable } from './ProblemTable.tsx';

const EMPTY = <Typography.Text type="secondary">—</Typography.Text>;

/** A draft's value of one field, as the directory will show it. */
function fieldValue(t: TFunction, draft: MemberDraft, field: MemberImportField): ReactNode {
  switch (field) {
    case 'phone':
      return draft.phone ? <span title={draft.phone.original}>{draft.phone.value}</span> : EMPTY;
    case 'gender':
      return draft.gender ? t(`importWizard.gender.${draft.gender}`) : EMPTY;
    case 'stage':
      return draft.stage ? t(`importWizard.stage.${draft.stage}`) : EMPTY;
    case 'role':
      return draft.role ? t(`importWizard.role.${draft.role}`) : EMPTY;
    case 'tags':
      return draft.tags.length === 0 ? EMPTY : (
        <Flex gap={4} wrap>
          {draft.tags.map((tag) => (
            <Tag key={tag} style={{ marginInlineEnd: 0 }}>
              {tag}
            </Tag>
          ))}
        </Flex>
      );
    default: {
      const value = draft[field];
      return value === null || value === '' ? EMPTY : String(value);
    }
  }
}

const COUNT_KEYS = [
  ['dataRows', 'dataRows'],
  ['importableRows', 'importable'],
  ['problemRows', 'problemRows'],
  ['rejectedRows', 'rejected'],
  ['blankSkipped', 'blankSkipped'],
  ['summarySkipped', 'summarySkipped'],
] as const satisfies ReadonlyArray<readonly [keyof ImportCounts, string]>;

interface Props {
  preview: ImportPreview;
  policy: DuplicatePolicy;
  onPolicy(policy: DuplicatePolicy): void;
}

/** Step 4: what the import would do, before anything is written: counts, tidied rows, every problem, and the duplicate policy. */
export function PreviewStep({ preview, policy, onPolicy }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const language = useDesk().settings.language;
  const { counts } = preview;

  const fields: MemberImportField[] = [];
  for (const entry of preview.mapping) {
    if (entry.target.kind === 'field' && !fields.includes(entry.target.field)) fields.push(entry.target.field);
  }
  const hasCustom = preview.mapping.some((entry) => entry.target.kind === 'custom');

  const countColor = (key: keyof ImportCounts): string | undefined => {
    if (counts[key] === 0) return undefined;
    if (key === 'importableRows') return token.colorSuccess;
    if (key === 'problemRows') return token.colorWarning;
    if (key === 'rejectedRows') return token.colorError;
    return undefined;
  };

  const columns: TableColumnsType<ImportRow> = [
    { key: 'row', title: t('importWizard.preview.row'), dataIndex: 'row', width: 64, align: 'right', fixed: 'left' },
    {
      key: 'status',
      title: t('importWizard.preview.status'),
      width: 110,
      fixed: 'left',
      render: (_, row) => {
        if (row.draft === null) return <Tag color="red">{t('importWizard.preview.rejectedTag')}</Tag>;
        if (row.problems.length === 0) return <Tag color="green">{t('importWizard.preview.okTag')}</Tag>;
        return (
          <Tooltip title={row.problems.map((problem) => problemText(t, problem)).join('\n')}>
            <Tag color="orange">{t('importWizard.preview.problemTag')}</Tag>
          </Tooltip>
        );
      },
    },
    ...fields.map((field) => ({
      key: field,
      title: fieldLabel(t, field),
      width: field === 'tags' || field === 'notes' ? 200 : field === 'email' ? 200 : 130,
      ellipsis: field !== 'tags',
      render: (_: unknown, row: ImportRow) => (row.draft ? fieldValue(t, row.draft, field) : EMPTY),
    })),
    ...(hasCustom
      ? [
          {
            key: 'custom',
            title: t('importWizard.preview.customFields'),
            width: 220,
            ellipsis: true,
            render: (_: unknown, row: ImportRow) => {
              const entries = Object.entries(row.draft?.customFields ?? {});
              return entries.length === 0 ? EMPTY : entries.map(([name, value]) => `${name}: ${value}`).join('；');
            },
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={20}>
      <Flex vertical gap={8}>
        <Flex align="baseline" gap={12}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.preview.countsTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.preview.countsHelp')}</Typography.Text>
        </Flex>
        <Flex gap={12} wrap role="group" aria-label={t('importWizard.preview.countsTitle')}>
          {COUNT_KEYS.map(([key, label]) => (
            <Card key={key} size="small" style={{ minWidth: 136, flex: '1 1 136px' }}>
              <Statistic
                title={t(`importWizard.preview.${label}`)}
                value={formatNumber(counts[key], language)}
                styles={{ content: { color: countColor(key), fontSize: 22 } }}
                data-count={key}
              />
            </Card>
          ))}
        </Flex>
      </Flex>

      <Flex vertical gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('importWizard.preview.policyTitle')}
        </Typography.Title>
        <Radio.Group value={policy} onChange={(event) => onPolicy(event.target.value as DuplicatePolicy)} aria-label={t('importWizard.preview.policyTitle')}>
          <Flex vertical gap={6}>
            {DUPLICATE_POLICIES.map((option) => (
              <Radio key={option} value={option}>
                <Typography.Text>{t(`importWizard.policy.${option}`)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {t(`importWizard.policyHelp.${option}`)}
                </Typography.Text>
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Flex>

      <Flex vertical gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('importWizard.preview.problemsTitle', { count: counts.problems })}
        </Typography.Title>
        {counts.problems === 0 ? (
          <Alert type="success" showIcon title={t('importWizard.preview.noProblems')} />
        ) : (
          <>
            <Typography.Text type="secondary">{t('importWizard.preview.problemsHelp')}</Typography.Text>
            {preview.problemsTruncated && <Alert type="info" showIcon title={t('importWizard.preview.problemsTruncated', { shown: preview.problems.length, total: counts.problems })} />}
            <ProblemTable problems={preview.problems} label={t('importWizard.preview.problemsTitle', { count: counts.problems })} />
          </>
        )}
      </Flex>

      <Flex vertical gap={8}>
        <Flex align="baseline" gap={12} wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.preview.rowsTitle', { count: preview.rows.length })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.preview.rowsHelp')}</Typography.Text>
        </Flex>
        <Table<ImportRow>
          aria-label={t('importWizard.preview.rowsTitle', { count: preview.rows.length })}
          size="small"
          rowKey="row"
          columns={columns}
          dataSource={preview.rows}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        />
      </Flex>
    </Flex>
  );
}
