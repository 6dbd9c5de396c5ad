import { Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../../shared/domain/member.ts';
import { problemColumn, problemText } from './import-text.ts';

interface Keyed extends ImportProblem {
  key: string;
}

/** Every problem by row, column, value and reason (with the fix), as the reader and the store report them. */
export function ProblemTable({ problems, label }: { problems: ImportProblem[]; label: string }) {
  const { t } = useTranslation();
  const rows: Keyed[] = problems.map((problem, index) => ({ ...problem, key: `${problem.row}-${problem.column}-${index}` }));
  const columns: TableColumnsType<Keyed> = [
    { key: 'row', title: t('importWizard.problem.row'), dataIndex: 'row', width: 72, align: 'right' },
    { key: 'column', title: t('importWizard.problem.column'), width: 140, ellipsis: true, render: (_, problem) => problemColumn(t, problem.column) },
    {
      key: 'value',
      title: t('importWizard.problem.value'),
      width: 180,
      ellipsis: true,
      render: (_, problem) => (problem.value === '' ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text code>{problem.value}</Typography.Text>),
    },
    { key: 'reason', title: t('importWizard.problem.reason'), render: (_, problem) => problemText(t, problem) },
  ];
  return (
    <Table<Keyed>
      aria-label={label}
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      tableLayout="fixed"
      pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
    />
  );
}
