import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorParams } from '../../shared/contract/result.ts';
import type { Language } from '../../shared/domain/workspace.ts';
import { MESSAGES } from '../../shared/i18n/translate.ts';
import type { Messages } from '../../shared/i18n/zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

/** One i18next instance with the same resources main and the CLI translate from. zh-CN is the default. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: MESSAGES['zh-CN'] },
    en: { translation: MESSAGES.en },
  },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  // React escapes text itself; escaping here would show "&quot;" in group names.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** Translates a key known only at run time (an AppError's messageKey, a change's actionKey). */
export function tKey(t: TFunction, key: string, params?: ErrorParams): string {
  return (t as unknown as LooseT)(key, { ...params });
}
