import { Alert, Button, Card, Flex, Spin, Steps, Typography } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenImportFile } from '../../../shared/contract/member-channels.ts';
import type { ColumnMapping } from '../../../shared/domain/members/mapping/column-mapping.ts';
import type { DuplicatePolicy, MemberImportResult } from '../../../shared/domain/member.ts';
import type { ImportPreview, ImportSettings } from '../../../shared/domain/members/import-types.ts';
import type { DateOrder } from '../../../shared/domain/members/normalise/date.ts';
import { call, newJobId, onEvent } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText, toAppError } from '../errors.ts';
import { formatNumber } from '../format.ts';
import { CommitStep, type CommitState } from './CommitStep.tsx';
import { FileStep } from './FileStep.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { ResultStep } from './ResultStep.tsx';
import { SourceStep } from './SourceStep.tsx';

const STEP_KEYS = ['file', 'source', 'mapping', 'preview', 'commit', 'result'] as const;
const FILE = 0;
const SOURCE = 1;
const MAPPING = 2;
const PREVIEW = 3;
const COMMIT = 4;
const RESULT = 5;

export interface FinishedImport {
  file: ChosenImportFile;
  sheet: string | null;
  result: MemberImportResult;
  readerProblems: number;
}

/**
 * The member import wizard: choose a file, check the sheet and header row, map the columns, preview
 * every problem, then import as one job (progress and cancel) and show what happened, with undo.
 * Nothing is written before the import step; every setting is re-read by the host as a fresh preview.
 */
export function ImportWizard({ onShowHistory }: { onShowHistory(): void }) {
  const { t } = useTranslation();
  const desk = useDesk();
  const [step, setStep] = useState(FILE);
  const [file, setFile] = useState<ChosenImportFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  /** Why the file (or the last change of a setting) could not be read. */
  const [readError, setReadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [choosing, setChoosing] = useState(false);
  /** The header row the operator clicked (not the one found automatically), until the sheet or file changes. */
  const [headerChosen, setHeaderChosen] = useState(false);
  const [policy, setPolicy] = useState<DuplicatePolicy>('fill-empty');
  const [commit, setCommit] = useState<CommitState>({ kind: 'idle' });
  const [finished, setFinished] = useState<FinishedImport | null>(null);
  const requestSeq = useRef(0);
  const jobRef = useRef<string | null>(null);

  const readFile = async (target: ChosenImportFile, settings: ImportSettings): Promise<void> => {
    const seq = ++requestSeq.current;
    setLoading(true);
    try {
      const next = await call('importer.preview', { path: target.path, settings });
      if (seq !== requestSeq.current) return;
      setPreview(next);
      setReadError(null);
    } catch (error) {
      if (seq !== requestSeq.current) return;
      setReadError(error);
    } finally {
      if (seq === requestSeq.current) setLoading(false);
    }
  };

  const chooseFile = async () => {
    setChoosing(true);
    try {
      const chosen = await call('importer.chooseFile', {});
      if (!chosen) return;
      setFile(chosen);
      setHeaderChosen(false);
      setPreview(null);
      setReadError(null);
      setCommit({ kind: 'idle' });
      setFinished(null);
      setStep(FILE);
      await readFile(chosen, {});
    } catch (error) {
      desk.showError(error);
    } finally {
      setChoosing(false);
    }
  };

  const startOver = () => {
    requestSeq.current += 1;
    setFile(null);
    setHeaderChosen(false);
    setPreview(null);
    setReadError(null);
    setLoading(false);
    setCommit({ kind: 'idle' });
    setFinished(null);
    setPolicy('fill-empty');
    setStep(FILE);
  };

  /** Re-reads with the settings of the current preview, changed by `patch`. */
  const reread = (patch: (current: ImportPreview) => ImportSettings) => {
    if (!file || !preview) return;
    void readFile(file, patch(preview));
  };
  const source = (current: ImportPreview): ImportSettings => ({
    sheet: current.settings.sheet,
    encoding: current.settings.encoding,
    delimiter: current.settings.delimiter,
  });
  const changeSheet = (sheet: string) => {
    setHeaderChosen(false);
    reread(() => ({ sheet }));
  };
  const changeText = (patch: Pick<ImportSettings, 'encoding' | 'delimiter'>) => {
    setHeaderChosen(false);
    reread((current) => ({ ...source(current), ...patch }));
  };
  const changeHeaderRow = (headerRow: number) => {
    setHeaderChosen(true);
    reread((current) => ({ ...source(current), headerRow }));
  };
  const changeMapping = (mapping: ColumnMapping) => reread((current) => ({ ...current.settings, mapping }));
  const changeDateOrder = (column: number, order: DateOrder) =>
    reread((current) => ({ ...current.settings, dateOrders: { ...current.settings.dateOrders, [String(column)]: order } }));

  const onProgress = useEffectEvent((payload: { jobId: string; done: number; total: number; phaseKey: string }) => {
    if (payload.jobId !== jobRef.current) return;
    setCommit((current) => (current.kind === 'running' ? { ...current, done: payload.done, total: payload.total, phaseKey: payload.phaseKey } : current));
  });
  useEffect(() => onEvent('job.progress', (payload) => onProgress(payload)), []);

  const runImport = async () => {
    if (!file || !preview || jobRef.current) return;
    const jobId = newJobId('import');
    jobRef.current = jobId;
    setCommit({ kind: 'running', jobId, done: 0, total: 0, phaseKey: '', cancelling: false });
    setStep(COMMIT);
    try {
      const result = await call('importer.commit', { jobId, path: file.path, settings: preview.settings, policy });
      setFinished({ file, sheet: preview.source.sheet, result, readerProblems: preview.counts.problems });
      setCommit({ kind: 'idle' });
      setStep(RESULT);
      desk.refresh();
    } catch (error) {
      if (toAppError(error).code === 'CANCELLED') setCommit({ kind: 'cancelled' });
      else setCommit({ kind: 'failed', error });
    } finally {
      jobRef.current = null;
    }
  };

  const cancelImport = async () => {
    const jobId = jobRef.current;
    if (!jobId) return;
    setCommit((current) => (current.kind === 'running' ? { ...current, cancelling: true } : current));
    try {
      await call('jobs.cancel', { jobId });
    } catch (error) {
      desk.showError(error);
    }
  };

  const busy = commit.kind === 'running';
  // After a setting fails to read (say, a blank header row) the last good preview still stands.
  const canLeaveFile = preview !== null;
  const stepItems = STEP_KEYS.map((key, index) => ({
    key,
    title: t(`importWizard.steps.${key}`),
    disabled: busy || finished !== null || index > PREVIEW || preview === null || (index > step && !canLeaveFile),
  }));

  const back = () => setStep((current) => Math.max(FILE, current - 1));
  const next = () => setStep((current) => Math.min(PREVIEW, current + 1));

  const body = () => {
    if (step === FILE) {
      return <FileStep file={file} preview={preview} loading={loading} choosing={choosing} error={readError} onChoose={() => void chooseFile()} />;
    }
    if (!file || !preview) return null;
    if (step === SOURCE) return <SourceStep preview={preview} headerChosen={headerChosen} onSheet={changeSheet} onText={changeText} onHeaderRow={changeHeaderRow} />;
    if (step === MAPPING) return <MappingStep preview={preview} onMapping={changeMapping} onDateOrder={changeDateOrder} />;
    if (step === PREVIEW) return <PreviewStep preview={preview} policy={policy} onPolicy={setPolicy} />;
    if (step === COMMIT) {
      return <CommitStep fileName={file.fileName} state={commit} onCancel={() => void cancelImport()} onBack={() => setStep(PREVIEW)} onStartOver={startOver} />;
    }
    if (step === RESULT && finished) return <ResultStep finished={finished} onStartOver={startOver} onShowHistory={onShowHistory} />;
    return null;
  };

  const blocked = preview !== null && preview.mappingIssues.length > 0;
  const importable = preview?.counts.importableRows ?? 0;
  const showFooter = step <= PREVIEW && file !== null;
  // A failed re-read (e.g. a header row that is blank) keeps the last good preview and says why.
  const settingError = step > FILE && step <= PREVIEW && readError !== null;

  return (
    <Card>
      <Steps size="small" current={step} items={stepItems} onChange={(index) => setStep(index)} style={{ marginBottom: 24 }} />
      {settingError && <Alert type="error" showIcon title={errorText(t, readError)} closable={{ onClose: () => setReadError(null) }} style={{ marginBottom: 16 }} />}
      <Spin spinning={loading && step > FILE} description={t('importWizard.reloading')}>
        <div style={{ minHeight: 240 }}>{body()}</div>
      </Spin>
      {showFooter && (
        <Flex justify="space-between" align="center" gap={12} style={{ marginTop: 24 }}>
          <Flex gap={8}>
            {step > FILE && <Button onClick={back}>{t('importWizard.back')}</Button>}
            {file && (
              <Button type="text" onClick={startOver}>
                {t('importWizard.startOver')}
              </Button>
            )}
          </Flex>
          <Flex align="center" gap={12}>
            {step === PREVIEW && blocked && <Typography.Text type="danger">{t('importWizard.preview.mappingBlocked')}</Typography.Text>}
            {step === PREVIEW && !blocked && importable === 0 && <Typography.Text type="secondary">{t('importWizard.preview.nothingToImport')}</Typography.Text>}
            {step < PREVIEW ? (
              <Button type="primary" onClick={next} disabled={!canLeaveFile || loading}>
                {t('importWizard.next')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => void runImport()} disabled={blocked || importable === 0 || loading}>
                {t('importWizard.preview.commit', { rows: formatNumber(importable, desk.settings.language) })}
              </Button>
            )}
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
