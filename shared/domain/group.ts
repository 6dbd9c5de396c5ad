import { z } from 'zod';

/** Platforms a chat group can live on, in the order operators meet them. */
export const GROUP_PLATFORMS = ['wechat', 'wecom', 'qq', 'dingtalk', 'discord', 'telegram', 'other'] as const;
export type GroupPlatform = (typeof GROUP_PLATFORMS)[number];

export const GROUP_STATUSES = ['active', 'archived'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const GROUP_LIMITS = {
  name: 100,
  shortText: 200,
  longText: 20_000,
  capacityMax: 1_000_000,
} as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  // A real calendar day: Date.parse rolls 2025-02-30 over to March 2nd instead of refusing it.
  .refine((value) => {
    const parsed = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
  }, { message: 'validation.date' });

const optionalText = (max: number) =>
  z
    .string()
    .max(max, { message: 'validation.tooLong' })
    .transform((value) => value.trim());

/** The fields an operator edits on a group; the same schema checks the form, IPC and the CLI. */
export const groupFieldsSchema = z
  .object({
    name: z
      .string()
      .max(GROUP_LIMITS.name, { message: 'validation.tooLong' })
      .transform((value) => value.trim())
      .refine((value) => value.length > 0, { message: 'validation.required' }),
    platform: z.enum(GROUP_PLATFORMS, { message: 'validation.platform' }),
    theme: optionalText(GROUP_LIMITS.shortText).default(''),
    targetMembers: optionalText(GROUP_LIMITS.shortText).default(''),
    coreValue: optionalText(GROUP_LIMITS.shortText).default(''),
    rules: optionalText(GROUP_LIMITS.longText).default(''),
    owner: optionalText(GROUP_LIMITS.shortText).default(''),
    createdOn: isoDate.nullable().default(null),
    capacity: z
      .number({ message: 'validation.positiveInteger' })
      .int({ message: 'validation.positiveInteger' })
      .positive({ message: 'validation.positiveInteger' })
      .max(GROUP_LIMITS.capacityMax, { message: 'validation.tooLarge' })
      .nullable()
      .default(null),
  })
  .strict();

export type GroupFieldsInput = z.input<typeof groupFieldsSchema>;
export type GroupFields = z.output<typeof groupFieldsSchema>;

export interface Group extends GroupFields {
  id: number;
  status: GroupStatus;
  archivedAt: string | null;
  updatedAt: string;
}
