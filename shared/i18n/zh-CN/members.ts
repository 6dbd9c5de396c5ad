/** Strings of the members area. Keys here must match shared/i18n/en/members.ts exactly. */
export const members = {} as const;
