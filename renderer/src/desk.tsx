import { createContext, useContext, useEffect, useEffectEvent } from 'react';
import type { MenuCommand } from '../../shared/contract/channels.ts';
import type { Settings, WorkspaceInfo } from '../../shared/domain/workspace.ts';
import type { CommandBus, Section } from './commands.ts';

export interface Desk {
  settings: Settings;
  updateSettings(patch: Partial<Pick<Settings, 'language' | 'theme'>>): Promise<void>;
  workspace: WorkspaceInfo;
  /** Increases after every change and workspace switch; screens reload their data when it does. */
  dataVersion: number;
  /** Call after a change: reloads the workspace summary and every screen's data. */
  refresh(): void;
  /** Undoes the newest change not undone, says what was undone and reloads (Ctrl+Z, Backups & history, Undo in a notice). */
  undoLast(): Promise<void>;
  section: Section;
  goTo(section: Section): void;
  runCommand(command: MenuCommand): void;
  bus: CommandBus;
  showError(error: unknown): void;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskContext');
  return desk;
}

/** Runs `handler` whenever `command` is given (by a shortcut or the app menu). */
export function useCommand(command: MenuCommand, handler: () => void): void {
  const { bus } = useDesk();
  const onCommand = useEffectEvent(handler);
  useEffect(() => bus.on(command, () => onCommand()), [bus, command]);
}
