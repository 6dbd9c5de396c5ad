import { useEffect, useEffectEvent } from 'react';
import type { MenuCommand } from '../../../shared/contract/channels.ts';
import type { Section } from '../commands.ts';
import { useDesk } from '../desk.tsx';

/**
 * Runs `handler` when `command` is given (by a shortcut or the app menu) while `section` is on
 * screen; the shell then leaves the command to this section instead of its default screen.
 */
export function useSectionCommand(section: Section, command: MenuCommand, handler: () => void): void {
  const { bus } = useDesk();
  const onCommand = useEffectEvent(handler);
  useEffect(() => bus.onIn(section, command, () => onCommand()), [bus, section, command]);
}
