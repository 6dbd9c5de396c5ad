/**
 * The import wizard's preview: the reader's preview (first rows, every problem, counts) plus an
 * estimate of what a commit would do against the workspace as it is now: how many rows make new
 * members, how many reach members already there, how many repeat a person of an earlier row.
 */
import type { ImportEstimate, ImportPreviewWithEstimate } from '../../../shared/contract/member-channels.ts';
import type { ImportRow, ImportSettings } from '../../../shared/domain/members/import-types.ts';
import { previewImport, type PreviewOptions } from '../members/import/index.ts';
import { KeyHashSet, keyHash } from '../members/key-hashes.ts';
import { stmt, type MemberReader } from '../members/member-store.ts';

/** How much of the file the preview lists, and how often it lets the host answer other calls. */
export type PreviewFileOptions = Pick<PreviewOptions, 'previewRows' | 'maxProblems' | 'yieldEveryMs'>;

/**
 * Classifies rows the way the store will (dedupe by phone, WeChat ID, e-mail; never by name). An
 * estimate: repeats inside the file are found by key hashes (a rare hash collision counts a row as a
 * repeat), rows without any key count as new.
 */
class Estimator {
  readonly estimate: ImportEstimate = { newMembers: 0, existingMembers: 0, repeatedInFile: 0 };
  private readonly seen = new KeyHashSet();
  private readonly reader: MemberReader;

  constructor(reader: MemberReader) {
    this.reader = reader;
  }

  add(row: ImportRow): void {
    if (row.draft === null) return;
    const { phone, wechatId, email } = row.keys;
    const hashes = [phone === null ? 0 : keyHash('p', phone), wechatId === null ? 0 : keyHash('w', wechatId), email === null ? 0 : keyHash('e', email)].filter((hash) => hash !== 0);
    if (hashes.length === 0) {
      this.estimate.newMembers += 1;
      return;
    }
    const repeated = hashes.some((hash) => this.seen.has(hash));
    for (const hash of hashes) this.seen.add(hash);
    if (repeated) {
      this.estimate.repeatedInFile += 1;
      return;
    }
    const existing = stmt(this.reader.sqlite, 'SELECT 1 FROM members WHERE phone = ? OR wechat_key = ? OR email_key = ? LIMIT 1').get(phone, wechatId, email);
    if (existing === undefined) this.estimate.newMembers += 1;
    else this.estimate.existingMembers += 1;
  }
}

export async function previewImportFile(reader: MemberReader, filePath: string, settings: ImportSettings, options: PreviewFileOptions = {}): Promise<ImportPreviewWithEstimate> {
  const estimator = new Estimator(reader);
  const preview = await previewImport(filePath, {
    ...settings,
    ...options,
    // A mapping with problems cannot be committed, so there is nothing to estimate.
    onRow: (row, session) => {
      if (session.mappingIssues.length === 0) estimator.add(row);
    },
  });
  return { ...preview, estimate: estimator.estimate };
}
