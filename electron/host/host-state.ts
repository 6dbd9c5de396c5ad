import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { appFailure } from '../../shared/contract/result.ts';
import { startWalCheckpointer, type WalCheckpointer } from '../db/checkpoint/wal-checkpointer.ts';
import { openWorkspace, type Workspace } from '../db/workspace.ts';
import type { MemberReader, MemberStore } from '../services/members/member-store.ts';
import { countEntities } from '../services/workspace/workspace-stats.ts';

/**
 * The member services' view of the open workspace: the writer (the workspace connection itself) and a
 * second, query-only connection for reads. Reads on their own connection see only committed data, so
 * a directory page asked for while an import runs shows the workspace as it was, never half an import.
 */
interface MemberAccess {
  workspace: Workspace;
  store: MemberStore;
  reader: MemberReader;
  readConnection: Sqlite.Database;
}

function openReadConnection(file: string): Sqlite.Database {
  const sqlite = new Sqlite(file, { fileMustExist: true });
  sqlite.pragma('query_only = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** The checkpointer's connection goes first, so the writer's close is the last and does the final checkpoint (no WAL left). */
async function closeWorkspace(workspace: Workspace, checkpointer: WalCheckpointer | null): Promise<void> {
  await checkpointer?.stop();
  await workspace.close();
}

/** The host's one open workspace and its running jobs. Everything SQL goes through this connection. */
export class HostState {
  private current: Workspace | null = null;
  /** Checkpoints the open workspace's WAL in its own thread, so no COMMIT here pays for it. */
  private checkpointer: WalCheckpointer | null = null;
  private currentIsDefault = false;
  /** Running jobs: cancel aborts the controller; `ended` settles at endJob, so a shutdown can wait for a cancelled job to roll back. */
  private readonly jobs = new Map<string, { controller: AbortController; ended: Promise<void>; end: () => void }>();
  private memberAccess: MemberAccess | null = null;
  readonly dailyBackup: boolean;

  constructor(options: { dailyBackup: boolean }) {
    this.dailyBackup = options.dailyBackup;
  }

  get workspace(): Workspace {
    if (!this.current) throw appFailure('WORKSPACE_NOT_FOUND', 'errors.noWorkspaceOpen');
    return this.current;
  }

  /** Opens the new workspace first and only then closes the old one, so a failed open changes nothing. */
  async open(filePath: string, create: boolean, isDefault: boolean): Promise<WorkspaceInfo> {
    const next = await openWorkspace(filePath, { create, dailyBackup: this.dailyBackup });
    let checkpointer: WalCheckpointer;
    try {
      checkpointer = await startWalCheckpointer(next.sqlite, next.path);
    } catch (error) {
      await next.close();
      throw error;
    }
    const previous = this.current;
    const previousCheckpointer = this.checkpointer;
    this.closeMemberAccess();
    this.current = next;
    this.checkpointer = checkpointer;
    this.currentIsDefault = isDefault;
    // Always close the previous connection, also when the same file was reopened: it is a second
    // connection to it, and keeping it would leak a handle (and a writer) per reopen.
    if (previous) await closeWorkspace(previous, previousCheckpointer);
    return this.info();
  }

  async closeCurrent(): Promise<string> {
    const workspace = this.workspace;
    const checkpointer = this.checkpointer;
    this.closeMemberAccess();
    this.current = null;
    this.checkpointer = null;
    await closeWorkspace(workspace, checkpointer);
    return workspace.path;
  }

  /** Built once per open workspace; a switch or a restore drops it with the workspace. */
  private access(): MemberAccess {
    const workspace = this.workspace;
    if (this.memberAccess?.workspace !== workspace) {
      this.closeMemberAccess();
      const readConnection = openReadConnection(workspace.path);
      this.memberAccess = { workspace, store: { db: workspace.db, sqlite: workspace.sqlite }, reader: { sqlite: readConnection }, readConnection };
    }
    return this.memberAccess;
  }

  private closeMemberAccess(): void {
    const access = this.memberAccess;
    this.memberAccess = null;
    // Closed before the writer, so the writer's close does the final checkpoint.
    if (access?.readConnection.open) access.readConnection.close();
  }

  /** The member store (writes) on the workspace connection. */
  get members(): MemberStore {
    return this.access().store;
  }

  /** Member reads, on the read connection. */
  get memberReader(): MemberReader {
    return this.access().reader;
  }

  async info(): Promise<WorkspaceInfo> {
    const workspace = this.workspace;
    return {
      path: workspace.path,
      name: path.parse(workspace.path).name,
      schemaVersion: workspace.schemaVersion,
      isDefault: this.currentIsDefault,
      counts: await countEntities(workspace.db),
    };
  }

  /** Registers a running job; its signal aborts when the operator cancels it. */
  beginJob(jobId: string): AbortSignal {
    if (this.jobs.has(jobId)) throw appFailure('CONFLICT', 'errors.jobRunning', { jobId });
    const controller = new AbortController();
    let end: () => void = () => undefined;
    const ended = new Promise<void>((settle) => (end = settle));
    this.jobs.set(jobId, { controller, ended, end });
    return controller.signal;
  }

  endJob(jobId: string): void {
    this.jobs.get(jobId)?.end();
    this.jobs.delete(jobId);
  }

  /**
   * For quitting: cancels every running job, waits until each has ended (an import or a backup rolls
   * back or removes its partial file itself), then closes the workspace, whose close checkpoints the
   * WAL into the file. The app then leaves no half-done work for the next start to recover.
   */
  async shutdown(): Promise<void> {
    const ending = [...this.jobs.values()].map((job) => job.ended);
    for (const jobId of [...this.jobs.keys()]) this.cancelJob(jobId);
    await Promise.all(ending);
    if (this.current) await this.closeCurrent();
  }

  cancelJob(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  /** Runs a job between beginJob and endJob. */
  async runJob<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.beginJob(jobId);
    try {
      return await work(signal);
    } finally {
      this.endJob(jobId);
    }
  }

  /** Long jobs call this between steps; it throws once the operator pressed cancel. */
  throwIfCancelled(jobId: string): void {
    if (this.jobs.get(jobId)?.controller.signal.aborted === true) throw appFailure('CANCELLED', 'errors.cancelled');
  }

  get isDefault(): boolean {
    return this.currentIsDefault;
  }
}
