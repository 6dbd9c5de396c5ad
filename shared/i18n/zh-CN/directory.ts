/** Strings of the member directory area. Keys here must match shared/i18n/en/directory.ts exactly. */
export const directory = {} as const;
