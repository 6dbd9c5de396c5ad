/**
 * Closed-vocabulary fields (gender, lifecycle stage, membership role) read from the words operators
 * actually write, in Chinese and English. Matching ignores case, width, spaces and surrounding punctuation.
 */
import type { LifecycleStage, MemberGender, MembershipRole } from '../../member.ts';
import type { CellValue } from '../cell.ts';
import { accept, reject, type Normalised } from './result.ts';
import { cleanText, foldWidth } from './text.ts';

/** The form a vocabulary word is looked up by: folded, lower-case, no spaces or punctuation. */
export function vocabularyKey(text: string): string {
  return foldWidth(cleanText(text), 'all')
    .toLowerCase()
    .replace(/[\s\p{P}]/gu, '');
}

function table<T extends string>(entries: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, string[]][]) {
    for (const word of words) map.set(vocabularyKey(word), value);
  }
  return map;
}

const GENDERS = table<MemberGender>({
  male: ['男', '男性', '男士', '先生', '男生', '男孩', 'M', 'male', 'man', 'men', 'boy', 'mr', '♂'],
  female: ['女', '女性', '女士', '小姐', '女生', '女孩', 'F', 'female', 'woman', 'women', 'girl', 'mrs', 'ms', 'miss', '♀'],
  unknown: ['未知', '保密', '不详', '不明', '其他', '其它', '未填', '未设置', '不愿透露', 'unknown', 'n/a', 'na', 'other', 'secret', 'prefer not to say', 'not specified', 'X', 'U'],
});

const STAGES = table<LifecycleStage>({
  new: ['新', '新人', '新成员', '新会员', '新用户', '新学员', '新粉', 'new', 'new member', 'newbie', 'newcomer'],
  potential: ['潜在', '潜在用户', '潜在成员', '潜客', '意向', '意向用户', '待转化', 'potential', 'prospect', 'lead'],
  loyal: ['忠实', '忠实用户', '忠诚', '忠诚用户', '铁粉', '核心', '核心成员', '核心用户', '老用户', '老成员', '活跃', 'loyal', 'core', 'champion', 'active', 'regular'],
  churned: ['流失', '已流失', '流失用户', '沉默', '沉睡', '沉默用户', '已退群', '退群', '不活跃', 'churned', 'churn', 'lost', 'inactive', 'dormant', 'left'],
});

const ROLES = table<MembershipRole>({
  owner: ['群主', '创建者', '创始人', '主理人', 'owner', 'creator', 'founder', 'group owner'],
  admin: ['管理员', '管理', '群管', '群管理', '群管理员', '副群主', 'admin', 'administrator', 'manager'],
  moderator: ['版主', '主持', '主持人', '值班', 'moderator', 'mod', 'host'],
  volunteer: ['志愿者', '义工', '助手', '小助手', 'volunteer', 'helper', 'assistant'],
  member: ['成员', '普通成员', '群成员', '会员', '普通会员', '学员', '普通', 'member', 'regular member', 'participant'],
});

function lookup<T extends string>(map: Map<string, T>, input: CellValue, problem: string): Normalised<T | null> {
  if (input === null) return accept(null);
  const text = cleanText(String(input));
  if (text === '') return accept(null);
  const key = vocabularyKey(text);
  const found = key === '' ? undefined : map.get(key);
  return found ? accept(found) : reject(problem, { value: text });
}

export function normaliseGender(input: CellValue): Normalised<MemberGender | null> {
  return lookup(GENDERS, input, 'genderUnknown');
}

export function normaliseStage(input: CellValue): Normalised<LifecycleStage | null> {
  return lookup(STAGES, input, 'stageUnknown');
}

export function normaliseRole(input: CellValue): Normalised<MembershipRole | null> {
  return lookup(ROLES, input, 'roleUnknown');
}
