import type { Widen } from '../widen.ts';
import type { ui as zh } from '../zh-CN/ui.ts';

export const ui: Widen<typeof zh> = {};
