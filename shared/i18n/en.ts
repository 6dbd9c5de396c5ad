import { directory } from './en/directory.ts';
import { core } from './en/core.ts';
import { members } from './en/members.ts';
import { ui } from './en/ui.ts';
import { shell } from './en/shell.ts';
import { cli } from './en/cli.ts';
import { exports } from './en/exports.ts';
import type { Messages } from './zh-CN.ts';

export const en: Messages = { ...core, ...ui, ...members, ...directory, ...shell, ...cli, ...exports };
