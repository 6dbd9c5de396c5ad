/** Strings of the ui area. Keys here must match shared/i18n/en/ui.ts exactly. */
export const ui = {} as const;
