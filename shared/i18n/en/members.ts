import type { Widen } from '../widen.ts';
import type { members as zh } from '../zh-CN/members.ts';

export const members: Widen<typeof zh> = {};
