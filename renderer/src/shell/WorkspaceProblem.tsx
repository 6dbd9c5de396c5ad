import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors.ts';

/** Shown instead of the screens when no workspace could be opened: the reason, and the way out. */
export function WorkspaceProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return <Result status="warning" title={t('desk.noWorkspaceTitle')} subTitle={`${errorText(t, error)} ${t('desk.noWorkspaceHint')}`} />;
}
