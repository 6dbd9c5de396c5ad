/** Messages between an import's file reader thread and the thread that stores the rows. */
import type { ImportCounts, ImportProgress, ImportRow, ImportSettings } from '../../../../shared/domain/members/import-types.ts';
import type { ImportSession } from '../../members/import/index.ts';
import type { ThrownAcross } from './thrown.ts';

export interface ReaderJob {
  filePath: string;
  settings: ImportSettings;
}

/** What the store needs of a row (the cells as text stay behind: only the preview shows them). */
export type StreamedRow = Pick<ImportRow, 'row' | 'draft' | 'problems'>;

/** The opened file as the reader decided it: sheet, header, mapping, date orders... */
export type OpenedFileInfo = Omit<ImportSession, 'rows' | 'close'>;

export type ReaderMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'opened'; info: OpenedFileInfo }
  | { type: 'rows'; rows: StreamedRow[]; counts: ImportCounts }
  | { type: 'end'; counts: ImportCounts }
  | { type: 'failed'; thrown: ThrownAcross };

/** "read": start sending rows; "ack": a batch was taken, send another; "stop": cancel, close the file and end. */
export type ReaderCommand = { type: 'read' } | { type: 'ack' } | { type: 'stop' };
