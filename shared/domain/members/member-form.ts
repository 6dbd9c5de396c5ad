import { z } from 'zod';
import { LIFECYCLE_STAGES, MEMBER_GENDERS } from '../member.ts';

const text = (max: number) => z.string().max(max, { message: 'validation.tooLong' });

/**
 * What the profile form sends for a manual add or edit: fields as the operator typed them. The
 * service host normalises them with the import's normalisers (phone, e-mail, dates...) and answers
 * field-by-field issues, so a typed member and an imported one are held to the same rules.
 */
export const memberFormSchema = z
  .object({
    displayName: text(100),
    realName: text(100),
    nickname: text(100),
    phone: text(40),
    wechatId: text(100),
    email: text(254),
    gender: z.enum(MEMBER_GENDERS).nullable(),
    birthYear: z.number().int().min(1900).max(2100).nullable(),
    ageBand: text(40),
    city: text(100),
    occupation: text(100),
    interests: text(500),
    source: text(100),
    joinedOn: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, { message: 'validation.date' }),
    inviterId: z.number().int().positive().nullable(),
    stage: z.enum(LIFECYCLE_STAGES).nullable(),
    notes: text(20_000),
    tags: z.array(text(50)).max(100),
    customFields: z.record(text(100), text(2_000)),
  })
  .strict();

export type MemberForm = z.infer<typeof memberFormSchema>;

/** A form with nothing filled in, the starting point for a manual add (and for tests that fill a field or two). */
export const EMPTY_MEMBER_FORM: MemberForm = {
  displayName: '',
  realName: '',
  nickname: '',
  phone: '',
  wechatId: '',
  email: '',
  gender: null,
  birthYear: null,
  ageBand: '',
  city: '',
  occupation: '',
  interests: '',
  source: '',
  joinedOn: '',
  inviterId: null,
  stage: null,
  notes: '',
  tags: [],
  customFields: {},
};
