import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors.ts';

/** Shown when the window cannot reach main or the service host at all. */
export function StartupProblem({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('desk.startFailed')}
      subTitle={errorText(t, error)}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
