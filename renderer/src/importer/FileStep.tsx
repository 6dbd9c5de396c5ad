import { CheckCircleOutlined, FileExcelOutlined, FileTextOutlined, FolderOpenOutlined, InboxOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Spin, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChosenImportFile } from '../../../shared/contract/member-channels.ts';
import type { ImportPreview } from '../../../shared/domain/members/import-types.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatBytes, formatNumber } from '../format.ts';
import { delimiterLabel, encodingLabel } from './import-text.ts';

interface Props {
  file: ChosenImportFile | null;
  preview: ImportPreview | null;
  loading: boolean;
  choosing: boolean;
  error: unknown;
  onChoose(): void;
}

/** Step 1: the native open dialog, then what was found in the file (or why it cannot be imported, and the fix). */
export function FileStep({ file, preview, loading, choosing, error, onChoose }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const language = useDesk().settings.language;

  if (!file) {
    return (
      <Flex vertical align="center" gap={16} style={{ padding: '32px 16px', border: `1px dashed ${token.colorBorder}`, borderRadius: token.borderRadiusLG, background: token.colorFillQuaternary }}>
        <InboxOutlined style={{ fontSize: 48, color: token.colorPrimary }} />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('importWizard.file.title')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ maxWidth: 620, textAlign: 'center' }}>
          {t('importWizard.file.description')}
        </Typography.Text>
        <Button type="primary" size="large" icon={<FolderOpenOutlined />} onClick={onChoose} loading={choosing}>
          {t('importWizard.file.choose')}
        </Button>
        <Flex vertical gap={6} style={{ maxWidth: 620 }}>
          <Typography.Text type="secondary">
            <CheckCircleOutlined style={{ color: token.colorSuccess, marginInlineEnd: 8 }} />
            {t('importWizard.file.tipClean')}
          </Typography.Text>
          <Typography.Text type="secondary">
            <SafetyOutlined style={{ color: token.colorSuccess, marginInlineEnd: 8 }} />
            {t('importWizard.file.tipSafe')}
          </Typography.Text>
        </Flex>
      </Flex>
    );
  }

  const failed = preview === null && error !== null;
  const isXlsx = preview ? preview.source.format === 'xlsx' : /\.xlsx$/i.test(file.fileName);
  const source = preview?.source;
  const chosenSheet = source?.sheets.find((sheet) => sheet.name === source.sheet);

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={16} wrap>
        {isXlsx ? <FileExcelOutlined style={{ fontSize: 36, color: '#1d7a45' }} /> : <FileTextOutlined style={{ fontSize: 36, color: token.colorPrimary }} />}
        <Flex vertical style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong style={{ fontSize: 16 }} ellipsis={{ tooltip: file.path }}>
            {file.fileName}
          </Typography.Text>
          <Typography.Text type="secondary">{formatBytes(file.sizeBytes, language)}</Typography.Text>
        </Flex>
        <Button icon={<FolderOpenOutlined />} onClick={onChoose} loading={choosing}>
          {t('importWizard.file.chooseAnother')}
        </Button>
      </Flex>
      {loading && preview === null && (
        <Flex align="center" gap={12} role="status">
          <Spin />
          <Typography.Text>{t('importWizard.file.reading', { file: file.fileName })}</Typography.Text>
        </Flex>
      )}
      {failed && !loading && (
        <Alert type="error" showIcon title={t('importWizard.file.readFailed')} description={<Flex vertical gap={4}><span>{errorText(t, error)}</span><Typography.Text type="secondary">{t('importWizard.file.readFailedHint')}</Typography.Text></Flex>} />
      )}
      {preview && source && (
        <Descriptions
          bordered
          size="small"
          column={2}
          items={[
            { key: 'format', label: t('importWizard.file.format'), children: source.format === 'xlsx' ? t('importWizard.file.formatXlsx') : t('importWizard.file.formatText') },
            { key: 'size', label: t('importWizard.file.size'), children: formatBytes(file.sizeBytes, language) },
            ...(source.format === 'xlsx'
              ? [
                  {
                    key: 'sheet',
                    label: t('importWizard.file.sheet'),
                    children: chosenSheet ? `${chosenSheet.name} · ${t('importWizard.source.sheetRows', { count: chosenSheet.rows })}` : (source.sheet ?? '—'),
                  },
                ]
              : [
                  { key: 'encoding', label: t('importWizard.file.encoding'), children: source.encoding ? encodingLabel(t, source.encoding) : '—' },
                  { key: 'delimiter', label: t('importWizard.file.delimiter'), children: source.delimiter ? delimiterLabel(t, source.delimiter) : '—' },
                ]),
            { key: 'header', label: t('importWizard.file.headerRow'), children: t('importWizard.file.headerRowValue', { row: preview.headerRow }) },
            { key: 'rows', label: t('importWizard.file.dataRows'), children: formatNumber(preview.counts.dataRows, language) },
          ]}
        />
      )}
    </Flex>
  );
}
