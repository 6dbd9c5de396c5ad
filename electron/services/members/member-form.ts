/**
 * The profile form → the store's MemberEdit, through the import's own normalisers: a typed member and an
 * imported one are held to the same rules (phones in any written form, e-mail lower-cased, WeChat IDs
 * checked, dates checked, full-width folded, whitespace trimmed). Problems come back per form field
 * (`path` = the field name) with the same i18n keys the import preview uses.
 */
import { appFailure, type FieldIssue } from '../../../shared/contract/result.ts';
import type { MemberEdit, NormalizedPhone } from '../../../shared/domain/member.ts';
import type { MemberForm } from '../../../shared/domain/members/member-form.ts';
import { normaliseDate } from '../../../shared/domain/members/normalise/date.ts';
import { normaliseEmail, normaliseWechatId } from '../../../shared/domain/members/normalise/identity.ts';
import { normalisePhone } from '../../../shared/domain/members/normalise/phone.ts';
import type { Normalised } from '../../../shared/domain/members/normalise/result.ts';
import { cleanOptional, cleanText } from '../../../shared/domain/members/normalise/text.ts';

export interface NormalisedForm {
  edit: MemberEdit;
  /** Empty when the form can be saved as it is. */
  issues: FieldIssue[];
}

function checked<T>(path: string, result: Normalised<T | null>, issues: FieldIssue[]): T | null {
  if (result.ok) return result.value;
  const issue: FieldIssue = { path, messageKey: result.issue.messageKey };
  if (result.issue.params) issue.params = result.issue.params;
  issues.push(issue);
  return null;
}

function tagsOf(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const text = cleanText(tag);
    if (text === '' || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    out.push(text);
  }
  return out;
}

function customFieldsOf(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const key = cleanText(name);
    const text = cleanOptional(value, { multiline: true });
    if (key !== '' && text !== null) out[key] = text;
  }
  return out;
}

/**
 * Normalises a form without throwing: every field that could be read is in `edit` (a bad phone,
 * WeChat ID, e-mail or date is left null there) and every problem is in `issues`.
 */
export function normaliseMemberForm(form: MemberForm): NormalisedForm {
  const issues: FieldIssue[] = [];
  const phone: NormalizedPhone | null = checked('phone', normalisePhone(form.phone), issues);
  const edit: MemberEdit = {
    displayName: cleanOptional(form.displayName),
    realName: cleanOptional(form.realName),
    nickname: cleanOptional(form.nickname),
    phone,
    wechatId: checked('wechatId', normaliseWechatId(form.wechatId), issues),
    email: checked('email', normaliseEmail(form.email), issues),
    gender: form.gender,
    birthYear: form.birthYear,
    ageBand: cleanOptional(form.ageBand),
    city: cleanOptional(form.city),
    occupation: cleanOptional(form.occupation),
    interests: cleanOptional(form.interests),
    source: cleanOptional(form.source),
    joinedOn: checked('joinedOn', normaliseDate(form.joinedOn), issues),
    inviterId: form.inviterId,
    stage: form.stage,
    notes: cleanOptional(form.notes, { multiline: true }),
    tags: tagsOf(form.tags),
    customFields: customFieldsOf(form.customFields),
  };
  const named = [edit.displayName, edit.realName, edit.nickname, edit.wechatId, edit.email, edit.phone?.value ?? null].some((value) => value !== null);
  const identityTyped = [form.phone, form.wechatId, form.email].some((value) => value.trim() !== '');
  // Nothing to call the member by: say so on the name, unless a typed contact was refused (that field says why).
  if (!named && !identityTyped) issues.push({ path: 'displayName', messageKey: 'validation.required' });
  return { edit, issues };
}

/** The form as the store saves it; VALIDATION naming every field with a problem otherwise. */
export function memberEditFromForm(form: MemberForm): MemberEdit {
  const { edit, issues } = normaliseMemberForm(form);
  if (issues.length > 0) throw appFailure('VALIDATION', 'errors.validation', undefined, issues);
  return edit;
}
