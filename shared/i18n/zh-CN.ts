/**
 * zh-CN is the source language; each area keeps its strings in its own file under zh-CN/.
 * en/ must have exactly the same keys (the compiler checks the shape through Widen, and
 * tests/unit/i18n.test.ts checks every key). Interpolation uses {{name}}.
 */
import { directory } from './zh-CN/directory.ts';
import { core } from './zh-CN/core.ts';
import { members } from './zh-CN/members.ts';
import { ui } from './zh-CN/ui.ts';
import { shell } from './zh-CN/shell.ts';
import { cli } from './zh-CN/cli.ts';
import { exports } from './zh-CN/exports.ts';
import type { Widen } from './widen.ts';

export const zhCN = { ...core, ...ui, ...members, ...directory, ...shell, ...cli, ...exports } as const;
export type Messages = Widen<typeof zhCN>;
