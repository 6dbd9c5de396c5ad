/**
 * `import members` runs its import in a worker thread with the service host's memory settings (a small
 * V8 young generation), so a million-row file costs the CLI no more memory than the app. The worker
 * opens the file first and the workspace only once the file reads well; what it throws comes back to
 * the command as the same kind of error.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ErrorParams } from '../../shared/contract/result.ts';
import type { DuplicatePolicy } from '../../shared/domain/member.ts';
import { HOST_YOUNG_GENERATION_MB } from '../host/client.ts';
import type { Emit } from '../host/handlers.ts';
import { IMPORT_FINISHING, IMPORT_READING, progressReporter } from '../host/job-progress.ts';
import type { ImportFileOutcome } from '../services/member-io/import-file.ts';
import { describeThrown, reviveThrown, type ThrownAcross } from '../services/member-io/reader-thread/thrown.ts';
import { CliFailure, withWorkspace } from './cli-context.ts';

export interface ImportJob {
  file: string;
  workspace: string;
  sheet?: string;
  policy: DuplicatePolicy;
}

type Thrown = ThrownAcross | { kind: 'cli'; messageKey: string; params: ErrorParams; exitCode: number };

/** Where the failure happened: reading the file, or storing into the workspace. */
type Reply = { ok: true; outcome: ImportFileOutcome } | { ok: false; stage: 'file' | 'store'; thrown: Thrown };

/** How far the import is: the app's one bar (IMPORT_READING, then IMPORT_FINISHING), done of total. */
export interface ImportBarProgress {
  phaseKey: string;
  done: number;
  total: number;
}

type WorkerMessage = { type: 'progress'; progress: ImportBarProgress } | { type: 'reply'; reply: Reply };

function describe(error: unknown): Thrown {
  if (error instanceof CliFailure) return { kind: 'cli', messageKey: error.messageKey, params: error.params, exitCode: error.exitCode };
  return describeThrown(error);
}

function revive(thrown: Thrown): Error {
  if (thrown.kind === 'cli') return new CliFailure(thrown.messageKey, thrown.params, thrown.exitCode);
  return reviveThrown(thrown);
}

export class ImportFailure extends Error {
  readonly stage: 'file' | 'store';
  /** What the worker threw, as the same kind of error. */
  readonly thrown: Error;
  constructor(stage: 'file' | 'store', thrown: Error) {
    super(thrown.message);
    this.name = 'ImportFailure';
    this.stage = stage;
    this.thrown = thrown;
  }
}

/** Runs the import in a worker; rejects with ImportFailure (`thrown` is what the worker threw). */
export function runImportInWorker(job: ImportJob, onProgress?: (progress: ImportBarProgress) => void): Promise<ImportFileOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: HOST_YOUNG_GENERATION_MB } });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        onProgress?.(message.progress);
        return;
      }
      settled = true;
      const { reply } = message;
      if (reply.ok) resolve(reply.outcome);
      else reject(new ImportFailure(reply.stage, revive(reply.thrown)));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new ImportFailure('store', error));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new ImportFailure('store', new Error(`the import stopped (exit code ${code})`)));
    });
  });
}

async function work(job: ImportJob, emit: Emit): Promise<Reply> {
  const { openImportFile, commitImportFile } = await import('../services/member-io/import-file.ts');
  const reading = progressReporter(emit, 'cli', IMPORT_READING.phaseKey, { share: IMPORT_READING.share });
  const finishing = progressReporter(emit, 'cli', IMPORT_FINISHING.phaseKey, { share: IMPORT_FINISHING.share });
  let opened;
  try {
    opened = await openImportFile(job.file, job.sheet === undefined ? {} : { sheet: job.sheet }, undefined, reading);
  } catch (error) {
    return { ok: false, stage: 'file', thrown: describe(error) };
  }
  try {
    // One transaction: damage found further into the file rolls everything back.
    const outcome = await withWorkspace(job.workspace, 'write', (workspace) => commitImportFile(workspace, opened, { policy: job.policy, onFinishing: finishing }));
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, stage: 'store', thrown: describe(error) };
  } finally {
    await opened.session.close();
  }
}

if (!isMainThread && parentPort && (workerData as { file?: unknown } | null)?.file !== undefined) {
  const port = parentPort;
  const post = (message: WorkerMessage): void => port.postMessage(message);
  // The same throttled reports as the app's import job; only job.progress is ever emitted here.
  const emit: Emit = (event, payload) => {
    if (event === 'job.progress') {
      const { phaseKey, done, total } = payload as ImportBarProgress;
      post({ type: 'progress', progress: { phaseKey, done, total } });
    }
  };
  post({ type: 'reply', reply: await work(workerData as ImportJob, emit) });
}
