import type { Language } from '../domain/workspace.ts';
import { en } from './en.ts';
import { zhCN, type Messages } from './zh-CN.ts';

export const MESSAGES: Record<Language, Messages> = { 'zh-CN': zhCN, en };

/** Every dotted key of a message tree, e.g. "errors.validation". */
export function messageKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : messageKeys(value as object, `${prefix}${key}.`),
  );
}

function lookup(tree: object, key: string): string | null {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : null;
}

/**
 * Translates outside React (the CLI, main's menus and dialogs). The renderer uses i18next with the
 * same resources. A missing key returns the key itself, which the i18n test forbids from shipping.
 */
export function translate(language: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = lookup(MESSAGES[language], key) ?? key;
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(params[name] ?? `{{${name}}}`));
}
