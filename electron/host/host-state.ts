import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { appFailure } from '../../shared/contract/result.ts';
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

/** The host's one open workspace and its running jobs. Everything SQL goes through this connection. */
export class HostState {
  private current: Workspace | null = null;
  private currentIsDefault = false;
  private readonly cancelled = new Set<string>();
  private readonly running = new Set<string>();
  private readonly aborts = new Map<string, AbortController>();
  /** Settles when the job ends (endJob), so a shutdown can wait for a cancelled job to roll back. */
  private readonly ended = new Map<string, { promise: Promise<void>; resolve: () => void }>();
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
    const previous = this.current;
    this.closeMemberAccess();
    this.current = next;
    this.currentIsDefault = isDefault;
    // Always close the previous connection, also when the same file was reopened: it is a second
    // connection to it, and keeping it would leak a handle (and a writer) per reopen.
    if (previous) await previous.close();
    return this.info();
  }

  async closeCurrent(): Promise<string> {
    const workspace = this.workspace;
    this.closeMemberAccess();
    this.current = null;
    await workspace.close();
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
    if (this.running.has(jobId)) throw appFailure('CONFLICT', 'errors.jobRunning', { jobId });
    this.running.add(jobId);
    this.cancelled.delete(jobId);
    const controller = new AbortController();
    this.aborts.set(jobId, controller);
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((settle) => (resolve = settle));
    this.ended.set(jobId, { promise, resolve });
    return controller.signal;
  }

  endJob(jobId: string): void {
    this.running.delete(jobId);
    this.cancelled.delete(jobId);
    this.aborts.delete(jobId);
    this.ended.get(jobId)?.resolve();
    this.ended.delete(jobId);
  }

  /**
   * For quitting: cancels every running job, waits until each has ended (an import or a backup rolls
   * back or removes its partial file itself), then closes the workspace, whose close checkpoints the
   * WAL into the file. The app then leaves no half-done work for the next start to recover.
   */
  async shutdown(): Promise<void> {
    const ending = [...this.ended.values()].map((job) => job.promise);
    for (const jobId of [...this.running]) this.cancelJob(jobId);
    await Promise.all(ending);
    if (this.current) await this.closeCurrent();
  }

  cancelJob(jobId: string): boolean {
    if (!this.running.has(jobId)) return false;
    this.cancelled.add(jobId);
    this.aborts.get(jobId)?.abort();
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
    if (this.cancelled.has(jobId)) throw appFailure('CANCELLED', 'errors.cancelled');
  }

  get isDefault(): boolean {
    return this.currentIsDefault;
  }
}
