import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Modal, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_IMPORT_FIELDS, type ColumnTarget, type ImportTemplate } from '../../../shared/domain/member.ts';
import { DATE_ORDERS, type ImportPreview } from '../../../shared/domain/members/import-types.ts';
import {
  applyMappingTemplate,
  columnLetter,
  columnName,
  templateFromMapping,
  type ColumnMapping,
  type ColumnMappingEntry,
} from '../../../shared/domain/members/mapping/column-mapping.ts';
import type { DateOrder } from '../../../shared/domain/members/normalise/date.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { fieldLabel, issueColumn, mappingIssueText, targetValue } from './import-text.ts';

const SAMPLE_COUNT = 3;
/** Template keys are headers; the contract takes headers up to this long. */
const MAX_TEMPLATE_HEADER = 200;
const DATE_EXAMPLES: Record<DateOrder, string> = { dmy: '9/3/2024 = 2024-03-09', mdy: '3/9/2024 = 2024-03-09' };

interface Props {
  preview: ImportPreview;
  onMapping(mapping: ColumnMapping): void;
  onDateOrder(column: number, order: DateOrder): void;
}

/** Step 3: each column of the file, its header and sample values, and where it goes. */
export function MappingStep({ preview, onMapping, onDateOrder }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const desk = useDesk();
  const [templates, setTemplates] = useState<ImportTemplate[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [templateName, setTemplateName] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    call('importer.templates', {}).then(
      (list) => {
        if (current) setTemplates(list);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [desk.dataVersion]);

  const { headers, mapping } = preview;
  const issuesByColumn = new Map<number, string[]>();
  for (const issue of preview.mappingIssues) {
    const column = issueColumn(issue);
    if (column === null) continue;
    issuesByColumn.set(column, [...(issuesByColumn.get(column) ?? []), mappingIssueText(t, { ...issue, path: 'mapping' })]);
  }

  const samples = (column: number): string[] => {
    const values: string[] = [];
    for (const row of preview.rows) {
      const text = row.cells[column]?.trim() ?? '';
      if (text !== '' && !values.includes(text)) values.push(text);
      if (values.length >= SAMPLE_COUNT) break;
    }
    return values;
  };

  /** Columns whose dates could be read either way and are still undecided. */
  const ambiguousDates = new Set(
    preview.problems.filter((problem) => problem.messageKey.endsWith('.dateAmbiguous')).map((problem) => problem.column),
  );

  const setTarget = (entry: ColumnMappingEntry, target: ColumnTarget) => {
    onMapping(mapping.map((other) => (other.column === entry.column ? { ...other, target } : other)));
  };

  const onTargetChange = (entry: ColumnMappingEntry, value: string) => {
    if (value === 'ignore') setTarget(entry, { kind: 'ignore' });
    else if (value === 'custom') setTarget(entry, { kind: 'custom', name: columnName(headers, entry.column) });
    else {
      const field = MEMBER_IMPORT_FIELDS.find((candidate) => `field:${candidate}` === value);
      if (field) setTarget(entry, { kind: 'field', field });
    }
  };

  const onCustomName = (entry: ColumnMappingEntry, name: string) => {
    const trimmed = name.trim();
    if (trimmed === '' || (entry.target.kind === 'custom' && entry.target.name === trimmed)) return;
    setTarget(entry, { kind: 'custom', name: trimmed.slice(0, 100) });
  };

  const targetOptions = [
    { label: t('importWizard.mapping.fieldGroup'), options: MEMBER_IMPORT_FIELDS.map((field) => ({ value: `field:${field}`, label: fieldLabel(t, field) })) },
    {
      label: t('importWizard.mapping.otherGroup'),
      options: [
        { value: 'custom', label: t('importer.field.custom') },
        { value: 'ignore', label: t('importer.field.ignore') },
      ],
    },
  ];

  const columns: TableColumnsType<ColumnMappingEntry> = [
    { key: 'column', title: t('importWizard.mapping.column'), width: 56, align: 'center', render: (_, entry) => <Typography.Text type="secondary">{columnLetter(entry.column)}</Typography.Text> },
    {
      key: 'header',
      title: t('importWizard.mapping.header'),
      width: 160,
      ellipsis: true,
      render: (_, entry) =>
        entry.header.trim() === '' ? <Typography.Text type="secondary">{t('importWizard.mapping.noHeader')}</Typography.Text> : <Typography.Text strong>{entry.header}</Typography.Text>,
    },
    {
      key: 'samples',
      title: t('importWizard.mapping.samples'),
      ellipsis: true,
      render: (_, entry) => {
        const values = samples(entry.column);
        if (values.length === 0) return <Typography.Text type="secondary">{t('importWizard.mapping.noSamples')}</Typography.Text>;
        return (
          <Typography.Text type={entry.target.kind === 'ignore' ? 'secondary' : undefined} delete={entry.target.kind === 'ignore'} title={values.join(' · ')}>
            {values.join(' · ')}
          </Typography.Text>
        );
      },
    },
    {
      key: 'target',
      title: t('importWizard.mapping.target'),
      width: 430,
      render: (_, entry) => {
        const letter = columnLetter(entry.column);
        const issues = issuesByColumn.get(entry.column) ?? [];
        const dateOrder = preview.dateOrders[String(entry.column)];
        const isDate = entry.target.kind === 'field' && entry.target.field === 'joinedOn';
        const undecided = isDate && (dateOrder ?? null) === null && ambiguousDates.has(columnName(headers, entry.column));
        return (
          <Flex vertical gap={4}>
            <Flex gap={8} wrap>
              <Select<string>
                aria-label={t('importWizard.mapping.targetOf', { column: letter })}
                style={{ width: 170 }}
                status={issues.length > 0 ? 'error' : undefined}
                value={targetValue(entry.target)}
                options={targetOptions}
                onChange={(value) => onTargetChange(entry, value)}
                showSearch={{ optionFilterProp: 'label' }}
                popupMatchSelectWidth={false}
              />
              {entry.target.kind === 'custom' && (
                <Input
                  key={entry.target.name}
                  aria-label={t('importWizard.mapping.customNameOf', { column: letter })}
                  placeholder={t('importWizard.mapping.customName')}
                  defaultValue={entry.target.name}
                  maxLength={100}
                  style={{ width: 200 }}
                  onBlur={(event) => onCustomName(entry, event.target.value)}
                  onPressEnter={(event) => onCustomName(entry, event.currentTarget.value)}
                />
              )}
              {isDate && (dateOrder || undecided) && (
                <Select<DateOrder>
                  aria-label={t('importWizard.mapping.dateOrderOf', { column: letter })}
                  style={{ width: 200 }}
                  status={undecided ? 'warning' : undefined}
                  placeholder={t('importWizard.mapping.dateOrderUndecided')}
                  value={dateOrder ?? undefined}
                  onChange={(order) => onDateOrder(entry.column, order)}
                  popupMatchSelectWidth={false}
                  options={DATE_ORDERS.map((order) => ({
                    value: order,
                    label: t('importWizard.mapping.dateOrderOption', { order: t(`importer.dateOrder.${order}`), example: DATE_EXAMPLES[order] }),
                  }))}
                />
              )}
            </Flex>
            {issues.map((text) => (
              <Typography.Text key={text} type="danger" style={{ fontSize: 12 }}>
                {text}
              </Typography.Text>
            ))}
          </Flex>
        );
      },
    },
  ];

  const applyTemplate = (template: ImportTemplate) => {
    onMapping(applyMappingTemplate(headers, template.mapping));
    void message.success(t('importWizard.mapping.templateApplied', { name: template.name }));
  };

  const saveTemplate = async () => {
    const name = templateName.trim();
    if (name === '') return;
    setSaving(true);
    try {
      const saved = Object.fromEntries(Object.entries(templateFromMapping(mapping)).filter(([header]) => header.length <= MAX_TEMPLATE_HEADER));
      const template = await call('importer.saveTemplate', { name, mapping: saved });
      setSaveOpen(false);
      setTemplateName('');
      void message.success(t('importWizard.mapping.templateSaved', { name: template.name }));
      desk.refresh();
    } catch (error) {
      desk.showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 320 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.mapping.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.mapping.help')}</Typography.Text>
        </Flex>
        <Flex gap={8}>
          <Dropdown
            trigger={['click']}
            menu={{
              items:
                templates.length === 0
                  ? [{ key: 'none', label: t('importWizard.mapping.noTemplates'), disabled: true }]
                  : templates.map((template) => ({ key: String(template.id), label: template.name })),
              onClick: ({ key }) => {
                const template = templates.find((candidate) => String(candidate.id) === key);
                if (template) applyTemplate(template);
              },
            }}
          >
            <Button>{t('importWizard.mapping.applyTemplate')}</Button>
          </Dropdown>
          <Button icon={<SaveOutlined />} onClick={() => setSaveOpen(true)}>
            {t('importWizard.mapping.saveTemplate')}
          </Button>
        </Flex>
      </Flex>
      {preview.mappingIssues.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('importWizard.mapping.issuesTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {preview.mappingIssues.map((issue) => (
                <li key={`${issue.path}-${issue.messageKey}`}>{mappingIssueText(t, issue)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Table<ColumnMappingEntry>
        aria-label={t('importWizard.mapping.title')}
        size="small"
        rowKey="column"
        pagination={false}
        columns={columns}
        dataSource={mapping}
        tableLayout="fixed"
      />
      <Modal
        open={saveOpen}
        title={t('importWizard.mapping.templateTitle')}
        okText={t('importWizard.mapping.templateSave')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: templateName.trim() === '', loading: saving }}
        onOk={() => void saveTemplate()}
        onCancel={() => setSaveOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('importWizard.mapping.templateHelp')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void saveTemplate()}>
          <Form.Item label={t('importWizard.mapping.templateName')} htmlFor="import-template-name" style={{ marginBottom: 0 }}>
            <Input
              id="import-template-name"
              autoFocus
              maxLength={100}
              placeholder={t('importWizard.mapping.templateNamePlaceholder')}
              value={templateName}
              onChange={(event) => setTemplateName(event.target.value)}
              onPressEnter={() => void saveTemplate()}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
