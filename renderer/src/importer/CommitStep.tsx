import { Button, Flex, Progress, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors.ts';
import { i18n, tKey } from '../i18n.ts';

export type CommitState =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: string; done: number; total: number; phaseKey: string; cancelling: boolean }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

interface Props {
  fileName: string;
  state: CommitState;
  onCancel(): void;
  onBack(): void;
  onStartOver(): void;
}

/** Step 5: the import job with a progress bar and Cancel; a cancelled or failed import says that nothing was imported. */
export function CommitStep({ fileName, state, onCancel, onBack, onStartOver }: Props) {
  const { t } = useTranslation();

  if (state.kind === 'cancelled' || state.kind === 'failed') {
    return (
      <Result
        status={state.kind === 'cancelled' ? 'info' : 'error'}
        title={state.kind === 'cancelled' ? t('importWizard.commit.cancelledTitle') : t('importWizard.commit.failedTitle')}
        subTitle={state.kind === 'cancelled' ? t('importWizard.commit.cancelledHelp') : errorText(t, state.error)}
        extra={[
          <Button key="back" type="primary" onClick={onBack}>
            {t('importWizard.commit.backToPreview')}
          </Button>,
          <Button key="again" onClick={onStartOver}>
            {t('importWizard.startOver')}
          </Button>,
        ]}
      />
    );
  }
  if (state.kind !== 'running') return null;

  const percent = state.total > 0 ? Math.min(100, Math.round((state.done / state.total) * 100)) : 0;
  const phase = state.phaseKey !== '' && i18n.exists(state.phaseKey) ? tKey(t, state.phaseKey) : t('importWizard.commit.phase');
  return (
    <Flex vertical align="center" gap={16} style={{ padding: '40px 24px' }} role="status">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('importWizard.commit.title', { file: fileName })}
      </Typography.Title>
      <Flex align="center" gap={16} style={{ width: '100%', maxWidth: 640 }}>
        <Typography.Text style={{ whiteSpace: 'nowrap' }}>{phase}</Typography.Text>
        <Progress percent={percent} status="active" style={{ flex: 1, margin: 0 }} aria-label={phase} />
      </Flex>
      {/* done/total are the job's own units (an import's one bar in thousandths over its phases): the bar shows the share, the words no unit. */}
      {state.total === 0 && <Typography.Text type="secondary">{t('importWizard.commit.starting')}</Typography.Text>}
      <Typography.Text type="secondary" style={{ maxWidth: 640, textAlign: 'center' }}>
        {t('importWizard.commit.help')}
      </Typography.Text>
      <Button danger onClick={onCancel} loading={state.cancelling}>
        {t('importWizard.commit.cancel')}
      </Button>
    </Flex>
  );
}
