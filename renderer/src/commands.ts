import type { MenuCommand } from '../../shared/contract/channels.ts';

/** The sections in the navigation, in the order of their Ctrl/Cmd+digit shortcuts. */
export const SECTIONS = ['groups', 'members', 'import', 'backups', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

/** What a key press asks for: one of the menu's commands, or a section to show. */
export type ShortcutAction = { kind: 'command'; command: MenuCommand } | { kind: 'section'; section: Section };

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** Inputs where typing (and the browser's own Ctrl+Z) must keep working. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  }
  return false;
}

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

/** Maps a key press to an action, or null to leave it to the page. */
export function shortcutFor(event: KeyLike, isMac = IS_MAC): ShortcutAction | null {
  if (event.key === 'F1') return { kind: 'command', command: 'showHelp' };
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const otherMod = isMac ? event.ctrlKey : event.metaKey;
  const inText = isTextTarget(event.target);
  if (mod && !otherMod && !event.altKey && !event.shiftKey) {
    const key = event.key.toLowerCase();
    if (key === 'n') return { kind: 'command', command: 'newGroup' };
    if (key === 'f') return { kind: 'command', command: 'search' };
    if (key === 'z') return inText ? null : { kind: 'command', command: 'undo' };
    if (key === 'i') return { kind: 'section', section: 'import' };
    const index = /^[1-9]$/.test(key) ? Number(key) - 1 : -1;
    const section = SECTIONS[index];
    if (section) return { kind: 'section', section };
    return null;
  }
  if (event.key === '?' && !mod && !otherMod && !event.altKey && !inText) return { kind: 'command', command: 'showHelp' };
  return null;
}

type Listener = () => void;

/** Delivers commands (from keys or the app menu) to whichever screen acts on them. */
export class CommandBus {
  private readonly listeners = new Map<MenuCommand, Set<Listener>>();
  /** Listeners that take a command only while their section is on screen (e.g. Ctrl+F in Members). */
  private readonly sectionListeners = new Map<string, Set<Listener>>();

  onIn(section: Section, command: MenuCommand, listener: Listener): () => void {
    const key = `${section}:${command}`;
    const set = this.sectionListeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.sectionListeners.set(key, set);
    return () => {
      set.delete(listener);
    };
  }

  /** Gives `command` to the listeners of `section`; false when that section does not take it. */
  emitIn(section: Section, command: MenuCommand): boolean {
    const set = this.sectionListeners.get(`${section}:${command}`);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) listener();
    return true;
  }

  on(command: MenuCommand, listener: Listener): () => void {
    const set = this.listeners.get(command) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(command, set);
    return () => {
      set.delete(listener);
    };
  }

  emit(command: MenuCommand): void {
    for (const listener of this.listeners.get(command) ?? []) listener();
  }
}
