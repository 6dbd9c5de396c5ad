import type { Widen } from '../widen.ts';
import type { directory as zh } from '../zh-CN/directory.ts';

export const directory: Widen<typeof zh> = {};
