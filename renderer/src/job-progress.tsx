import { Button, Flex, Modal, Progress, Typography } from 'antd';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, newJobId, onEvent } from './api.ts';
import { toAppError } from './errors.ts';
import { tKey } from './i18n.ts';
import { formatNumber } from './format.ts';
import type { Language } from '../../shared/domain/workspace.ts';

interface Running {
  jobId: string;
  title: string;
  done: number;
  total: number;
  phaseKey: string | null;
  cancelling: boolean;
  /** False until the job has run `revealAfterMs`: a quick one finishes without a dialog flashing by. */
  shown: boolean;
}

/** How a job ended when it did not fail: with its value, or cancelled by the operator (nothing changed). */
export type JobOutcome<T> = { status: 'done'; value: T } | { status: 'cancelled' };

export interface JobRunner {
  /**
   * Starts a job and shows its progress with a Cancel button (only once it has run `revealAfterMs`,
   * when given); failures other than cancel are thrown.
   */
  run<T>(prefix: string, title: string, start: (jobId: string) => Promise<T>, options?: { revealAfterMs?: number }): Promise<JobOutcome<T>>;
  busy: boolean;
  element: ReactNode;
}

/** A progress dialog for one long job at a time (load sample data, export). */
export function useJobRunner(language: Language): JobRunner {
  const { t } = useTranslation();
  const [running, setRunning] = useState<Running | null>(null);
  const current = useRef<string | null>(null);

  const run = useCallback(async <T,>(prefix: string, title: string, start: (jobId: string) => Promise<T>, options: { revealAfterMs?: number } = {}): Promise<JobOutcome<T>> => {
    const jobId = newJobId(prefix);
    current.current = jobId;
    const { revealAfterMs } = options;
    setRunning({ jobId, title, done: 0, total: 0, phaseKey: null, cancelling: false, shown: revealAfterMs === undefined });
    const reveal =
      revealAfterMs === undefined ? undefined : setTimeout(() => setRunning((state) => (state && state.jobId === jobId ? { ...state, shown: true } : state)), revealAfterMs);
    const off = onEvent('job.progress', (progress) => {
      if (progress.jobId !== jobId) return;
      setRunning((state) => (state && state.jobId === jobId ? { ...state, done: progress.done, total: progress.total, phaseKey: progress.phaseKey } : state));
    });
    try {
      return { status: 'done', value: await start(jobId) };
    } catch (error) {
      if (toAppError(error).code === 'CANCELLED') return { status: 'cancelled' };
      throw error;
    } finally {
      clearTimeout(reveal);
      off();
      current.current = null;
      setRunning(null);
    }
  }, []);

  const cancel = useCallback(() => {
    const jobId = current.current;
    if (!jobId) return;
    setRunning((state) => (state ? { ...state, cancelling: true } : state));
    void call('jobs.cancel', { jobId }).catch(() => undefined);
  }, []);

  const percent = running && running.total > 0 ? Math.min(100, Math.floor((running.done / running.total) * 100)) : 0;
  const element = (
    <Modal
      open={running !== null && running.shown}
      title={running?.title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button onClick={cancel} disabled={running?.cancelling ?? true} danger>
          {running?.cancelling ? t('directory.job.cancelling') : t('common.cancel')}
        </Button>
      }
    >
      <Flex vertical gap={8} style={{ paddingBlock: 8 }} aria-live="polite">
        <Progress percent={percent} status="active" aria-label={running?.title} />
        <Typography.Text type="secondary">
          {running && running.total > 0
            ? t('directory.job.progress', {
                phase: running.phaseKey ? tKey(t, running.phaseKey) : t('directory.job.working'),
                done: formatNumber(running.done, language),
                total: formatNumber(running.total, language),
              })
            : t('directory.job.starting')}
        </Typography.Text>
      </Flex>
    </Modal>
  );

  return { run, busy: running !== null, element };
}
