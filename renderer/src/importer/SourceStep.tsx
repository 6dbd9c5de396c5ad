import { Alert, Flex, Form, Radio, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { IMPORT_DELIMITERS, IMPORT_TEXT_ENCODINGS, type ImportDelimiter, type ImportPreview, type ImportSettings, type ImportTextEncoding } from '../../../shared/domain/members/import-types.ts';
import { columnLetter } from '../../../shared/domain/members/mapping/column-mapping.ts';
import { delimiterLabel, encodingLabel } from './import-text.ts';

/** Columns of the leading-rows grid: enough to recognise the header, not the whole sheet. */
const MAX_GRID_COLUMNS = 12;

interface LeadingRow {
  row: number;
  cells: string[];
}

interface Props {
  preview: ImportPreview;
  /** The operator picked the header row (rather than the automatic guess). */
  headerChosen: boolean;
  onSheet(sheet: string): void;
  onText(patch: Pick<ImportSettings, 'encoding' | 'delimiter'>): void;
  onHeaderRow(row: number): void;
}

/** Step 2: which sheet (xlsx) or how the text is written (encoding, delimiter), and which row holds the headers. */
export function SourceStep({ preview, headerChosen, onSheet, onText, onHeaderRow }: Props) {
  const { t } = useTranslation();
  const { source } = preview;
  const width = Math.min(MAX_GRID_COLUMNS, Math.max(1, ...preview.leadingRows.map((row) => row.cells.length)));

  const columns: TableColumnsType<LeadingRow> = [
    {
      key: 'row',
      title: t('importWizard.source.rowNumber'),
      width: 96,
      render: (_, row) => (
        <Flex gap={6} align="center">
          <span>{row.row}</span>
          {row.row === preview.headerRow && <Tag color="blue">{t('importWizard.source.headerTag')}</Tag>}
        </Flex>
      ),
    },
    ...Array.from({ length: width }, (_, index) => ({
      key: `c${index}`,
      title: columnLetter(index),
      width: 140,
      ellipsis: true,
      render: (_: unknown, row: LeadingRow) => {
        const text = row.cells[index] ?? '';
        return row.row === preview.headerRow ? <Typography.Text strong>{text}</Typography.Text> : text;
      },
    })),
  ];

  return (
    <Flex vertical gap={20}>
      {source.format === 'xlsx' ? (
        <Flex vertical gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.source.sheetTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.source.sheetHelp')}</Typography.Text>
          <Radio.Group value={source.sheet} onChange={(event) => onSheet(String(event.target.value))} aria-label={t('importWizard.source.sheetTitle')}>
            <Flex gap={8} wrap>
              {source.sheets.map((sheet) => (
                <Radio.Button key={sheet.name} value={sheet.name}>
                  {sheet.name}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {t('importWizard.source.sheetRows', { count: sheet.rows })}
                  </Typography.Text>
                  {sheet.hidden && <Tag style={{ marginInlineStart: 8 }}>{t('importWizard.source.hidden')}</Tag>}
                </Radio.Button>
              ))}
            </Flex>
          </Radio.Group>
        </Flex>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('importWizard.source.textTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('importWizard.source.textHelp')}</Typography.Text>
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('importWizard.file.encoding')} htmlFor="import-encoding">
              <Select<string>
                id="import-encoding"
                style={{ width: 320 }}
                value={source.encoding ?? undefined}
                onChange={(value) => onText({ encoding: value as ImportTextEncoding, delimiter: source.delimiter })}
                options={IMPORT_TEXT_ENCODINGS.map((encoding) => ({ value: encoding, label: encodingLabel(t, encoding) }))}
              />
            </Form.Item>
            <Form.Item label={t('importWizard.file.delimiter')} htmlFor="import-delimiter">
              <Select<string>
                id="import-delimiter"
                style={{ width: 180 }}
                value={source.delimiter ?? undefined}
                onChange={(value) => onText({ encoding: source.encoding, delimiter: value as ImportDelimiter })}
                options={IMPORT_DELIMITERS.map((delimiter) => ({ value: delimiter, label: delimiterLabel(t, delimiter) }))}
              />
            </Form.Item>
          </Form>
        </Flex>
      )}
      <Flex vertical gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('importWizard.source.headerTitle')}
        </Typography.Title>
        {headerChosen ? (
          <Alert type="info" showIcon title={t('importWizard.source.headerChosen', { row: preview.headerRow })} />
        ) : preview.headerDetected ? (
          <Alert type="success" showIcon title={t('importWizard.source.headerDetected', { row: preview.headerRow })} />
        ) : (
          <Alert type="warning" showIcon title={t('importWizard.source.headerNotDetected', { row: preview.headerRow })} />
        )}
        <Typography.Text type="secondary">{t('importWizard.source.leadingRows', { count: preview.leadingRows.length })}</Typography.Text>
        <Table<LeadingRow>
          aria-label={t('importWizard.source.headerTitle')}
          size="small"
          bordered
          rowKey="row"
          pagination={false}
          columns={columns}
          dataSource={preview.leadingRows}
          scroll={{ x: 'max-content', y: 360 }}
          rowSelection={{
            type: 'radio',
            columnWidth: 40,
            selectedRowKeys: [preview.headerRow],
            onChange: (keys) => {
              const row = Number(keys[0]);
              if (Number.isInteger(row) && row !== preview.headerRow) onHeaderRow(row);
            },
            getCheckboxProps: (row) => ({ 'aria-label': `${t('importWizard.source.setHeader')} ${row.row}` }),
          }}
          onRow={(row) => ({
            onClick: () => {
              if (row.row !== preview.headerRow) onHeaderRow(row.row);
            },
            style: { cursor: 'pointer', opacity: row.row < preview.headerRow ? 0.6 : 1 },
          })}
        />
      </Flex>
    </Flex>
  );
}
