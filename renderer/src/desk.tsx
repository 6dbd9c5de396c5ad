import { createContext, useContext, useEffect, useEffectEvent } from 'react';
import type { MenuCommand } from '../../shared/contract/channels.ts';
import type { Settings, WorkspaceInfo } from '../../shared/domain/workspace.ts';
import type { CommandBus, Section } from './commands.ts';

/** What a change that can be undone said about itself, so Undo can check it is still the last one. */
export interface ExpectedChange {
  actionKey: string;
  name: string;
}

export interface Desk {
  settings: Settings;
  updateSettings(patch: Partial<Pick<Settings, 'language' | 'theme'>>): Promise<void>;
  workspace: WorkspaceInfo;
  /** Increases after every change and workspace switch; screens reload their data when it does. */
  dataVersion: number;
  /** Call after a change: reloads the workspace summary and every screen's data. */
  refresh(): void;
  /** Undoes the last change; with `expected`, only if the last change is still that one. */
  undoLast(expected?: ExpectedChange): Promise<void>;
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
