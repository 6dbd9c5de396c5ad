/**
 * The members part of the one contract (directory, profile, bulk actions, duplicates, segments,
 * import, export, sample data). Spread into `channels` in channels.ts.
 */
import { z } from 'zod';
import {
  DUPLICATE_POLICIES,
  LIFECYCLE_STAGES,
  MEMBERSHIP_ROLES,
  memberFilterSchema,
  memberSortSchema,
  memberTargetSchema,
  type BulkResult,
  type DirectoryWindow,
  type DuplicateMatch,
  type DuplicatePair,
  type ImportBatchInfo,
  type ImportTemplate,
  type MemberImportResult,
  type MemberProfile,
  type Segment,
  type TagInfo,
} from '../domain/member.ts';
import { memberFormSchema } from '../domain/members/member-form.ts';
import { importSettingsSchema, type ImportPreview } from '../domain/members/import-types.ts';
import { columnTargetSchema } from '../domain/members/mapping/column-mapping.ts';
import type { ChangeSummary } from '../domain/workspace.ts';
import { returns, type ChannelSpec } from './channel-spec.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const empty = z.object({}).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' });
const tagNames = z.array(z.string().trim().min(1).max(50)).min(1).max(100);

/** One bulk action on a selection or on everything a filter finds; each is one undoable change. */
export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tag'), tagNames }).strict(),
  z.object({ kind: z.literal('untag'), tagIds: z.array(id).min(1).max(100) }).strict(),
  z.object({ kind: z.literal('addToGroup'), groupId: id, role: z.enum(MEMBERSHIP_ROLES).optional(), joinedOn: isoDate.optional() }).strict(),
  z.object({ kind: z.literal('removeFromGroup'), groupId: id, leftOn: isoDate.optional() }).strict(),
  z.object({ kind: z.literal('setStage'), stage: z.enum(LIFECYCLE_STAGES) }).strict(),
  z.object({ kind: z.literal('delete') }).strict(),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

/**
 * What a commit of the previewed file would do to the workspace as it is now (an estimate: the store
 * decides row by row at commit time). Rows are deduplicated by phone, WeChat ID and e-mail, never by name.
 */
export interface ImportEstimate {
  /** Rows that would make a new member. */
  newMembers: number;
  /** Rows reaching a member already in the workspace: updated (or unchanged) under update, skipped under skip. */
  existingMembers: number;
  /** Rows about a person an earlier row of the file already brings in (merged into that row's member). */
  repeatedInFile: number;
}

/** A directory window; `counted` false: `total` is a lower bound, answered before counting (see members.window). */
export type DirectoryAnswer = DirectoryWindow & { counted: boolean };

export type ImportPreviewWithEstimate = ImportPreview & { estimate: ImportEstimate };

/** A file the operator picked in the import dialog; the host reads only files picked this way. */
export interface ChosenImportFile {
  path: string;
  fileName: string;
  sizeBytes: number;
}

export const memberChannels = {
  /**
   * Rows [start, start + limit) of the directory and the total. `limit: 0` asks for the total alone.
   * With `countLater`, a window near the top of a big result is answered before the result is counted:
   * `counted` is false and `total` a lower bound (ask again with limit 0 for the count).
   */
  'members.window': {
    side: 'host',
    input: z
      .object({
        filter: memberFilterSchema,
        sort: memberSortSchema.optional(),
        start: z.number().int().min(0).max(100_000_000),
        limit: z.number().int().min(0).max(500),
        countLater: z.boolean().optional(),
      })
      .strict(),
    output: returns<DirectoryAnswer>(),
  },
  'members.filterOptions': { side: 'host', input: empty, output: returns<{ cities: Array<{ value: string; count: number }>; sources: Array<{ value: string; count: number }> }>() },
  'members.profile': { side: 'host', input: z.object({ id }).strict(), output: returns<MemberProfile>() },
  /**
   * Manual add / edit. Refused with CONFLICT (directory.errors.duplicateMember) when another member has
   * the same phone, WeChat ID or e-mail, unless `allowDuplicates` (the operator saw the warning and
   * confirmed). VALIDATION issues name the form field (`path` = field name).
   */
  'members.create': { side: 'host', input: z.object({ fields: memberFormSchema, allowDuplicates: z.boolean().optional() }).strict(), output: returns<MemberProfile>() },
  'members.update': { side: 'host', input: z.object({ id, fields: memberFormSchema, allowDuplicates: z.boolean().optional() }).strict(), output: returns<MemberProfile>() },
  'members.checkDuplicates': {
    side: 'host',
    input: z.object({ fields: memberFormSchema, excludeId: id.optional() }).strict(),
    output: returns<DuplicateMatch[]>(),
  },
  'members.saveMembership': {
    side: 'host',
    input: z
      .object({ memberId: id, groupId: id, role: z.enum(MEMBERSHIP_ROLES), groupNickname: z.string().max(100), joinedOn: isoDate.nullable(), leftOn: isoDate.nullable() })
      .strict(),
    output: returns<MemberProfile>(),
  },
  'members.bulk': { side: 'host', input: z.object({ jobId, target: memberTargetSchema, action: bulkActionSchema }).strict(), output: returns<BulkResult>(), job: true },
  'members.duplicates': {
    side: 'host',
    input: z.object({ offset: z.number().int().min(0).max(10_000_000).optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
    output: returns<{ total: number; pairs: DuplicatePair[] }>(),
  },
  'members.merge': { side: 'host', input: z.object({ keepId: id, mergeId: id }).strict(), output: returns<MemberProfile>() },
  'members.dismissDuplicate': { side: 'host', input: z.object({ firstId: id, secondId: id }).strict(), output: returns<{ changeBatchId: number | null }>() },
  'members.export': {
    side: 'shell',
    input: z.object({ jobId, filter: memberFilterSchema, sort: memberSortSchema.optional() }).strict(),
    output: returns<{ path: string; rows: number } | null>(),
    job: true,
  },

  'tags.list': { side: 'host', input: empty, output: returns<TagInfo[]>() },
  'segments.list': { side: 'host', input: empty, output: returns<Segment[]>() },
  'segments.save': { side: 'host', input: z.object({ id: id.optional(), name: z.string().trim().min(1).max(100), filter: memberFilterSchema }).strict(), output: returns<Segment>() },
  'segments.delete': { side: 'host', input: z.object({ id }).strict(), output: returns<{ id: number }>() },

  'sample.load': { side: 'host', input: z.object({ jobId }).strict(), output: returns<{ members: number; groups: number }>(), job: true },
  'sample.remove': { side: 'host', input: empty, output: returns<{ members: number; groups: number }>() },

  'importer.chooseFile': { side: 'shell', input: empty, output: returns<ChosenImportFile | null>() },
  'importer.preview': { side: 'shell', input: z.object({ path: z.string().min(1).max(4096), settings: importSettingsSchema }).strict(), output: returns<ImportPreviewWithEstimate>() },
  'importer.commit': {
    side: 'shell',
    input: z.object({ jobId, path: z.string().min(1).max(4096), settings: importSettingsSchema, policy: z.enum(DUPLICATE_POLICIES) }).strict(),
    output: returns<MemberImportResult>(),
    job: true,
  },
  'importer.history': { side: 'host', input: empty, output: returns<ImportBatchInfo[]>() },
  'importer.undo': { side: 'host', input: z.object({ jobId, importId: id }).strict(), output: returns<ChangeSummary>(), job: true },
  'importer.exportProblems': { side: 'shell', input: z.object({ importId: id }).strict(), output: returns<{ path: string; rows: number } | null>() },
  'importer.templates': { side: 'host', input: empty, output: returns<ImportTemplate[]>() },
  'importer.saveTemplate': {
    side: 'host',
    input: z.object({ name: z.string().trim().min(1).max(100), mapping: z.record(z.string().max(200), columnTargetSchema) }).strict(),
    output: returns<ImportTemplate>(),
  },
} as const satisfies Record<string, ChannelSpec>;
