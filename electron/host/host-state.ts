import path from 'node:path';
import type { WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { appFailure } from '../../shared/contract/result.ts';
import { openWorkspace, type Workspace } from '../db/workspace.ts';
import { countEntities } from '../services/workspace/workspace-stats.ts';

/** The host's one open workspace and its running jobs. Everything SQL goes through this connection. */
export class HostState {
  private current: Workspace | null = null;
  private currentIsDefault = false;
  private readonly cancelled = new Set<string>();
  private readonly running = new Set<string>();
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
    this.current = next;
    this.currentIsDefault = isDefault;
    // Always close the previous connection, also when the same file was reopened: it is a second
    // connection to it, and keeping it would leak a handle (and a writer) per reopen.
    if (previous) await previous.close();
    return this.info();
  }

  async closeCurrent(): Promise<string> {
    const workspace = this.workspace;
    this.current = null;
    await workspace.close();
    return workspace.path;
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

  beginJob(jobId: string): void {
    if (this.running.has(jobId)) throw appFailure('CONFLICT', 'errors.jobRunning', { jobId });
    this.running.add(jobId);
    this.cancelled.delete(jobId);
  }

  endJob(jobId: string): void {
    this.running.delete(jobId);
    this.cancelled.delete(jobId);
  }

  cancelJob(jobId: string): boolean {
    if (!this.running.has(jobId)) return false;
    this.cancelled.add(jobId);
    return true;
  }

  /** Long jobs call this between steps; it throws once the operator pressed cancel. */
  throwIfCancelled(jobId: string): void {
    if (this.cancelled.has(jobId)) throw appFailure('CANCELLED', 'errors.cancelled');
  }

  get isDefault(): boolean {
    return this.currentIsDefault;
  }
}
