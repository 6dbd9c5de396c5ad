import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';

/** Undo an import and export its problem rows: the same two actions on the result step and in the history. */
export function useImportActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const desk = useDesk();

  /** True when the import was undone. */
  const undo = async (importId: number, fileName: string): Promise<boolean> => {
    try {
      await call('importer.undo', { importId });
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

  return { undo, exportProblems };
}
