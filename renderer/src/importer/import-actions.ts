import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { useJobRunner } from '../job-progress.tsx';

/**
 * Undo an import and export its problem rows: the same two actions on the result step and in the
 * history. Undoing a big import is a job (a million members take a while to remove): it shows its
 * progress with Cancel, so `jobElement` must be rendered by the screen that uses these actions.
 */
export function useImportActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const desk = useDesk();
  const job = useJobRunner(desk.settings.language);

  /** True when the import was undone. */
  const undo = async (importId: number, fileName: string): Promise<boolean> => {
    try {
      const outcome = await job.run('undo-import', t('importWizard.result.undoing', { file: fileName }), (jobId) => call('importer.undo', { jobId, importId }));
      if (outcome.status === 'cancelled') {
        void message.info(t('importWizard.result.undoCancelled', { file: fileName }));
        return false;
      }
      void message.success(t('importWizard.result.undone', { file: fileName }));
      desk.refresh();
      return true;
    } catch (error) {
      desk.showError(error);
      return false;
    }
  };

  const exportProblems = async (importId: number): Promise<void> => {
    try {
      const saved = await call('importer.exportProblems', { importId });
      if (saved) void message.success(t('importWizard.result.exported', { rows: saved.rows, path: saved.path }));
    } catch (error) {
      desk.showError(error);
    }
  };

  return { undo, exportProblems, jobElement: job.element };
}
