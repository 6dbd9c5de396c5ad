/**
 * File-level import errors: an AppFailure whose message names the file (base name only, so no private
 * folder path leaks into screenshots and logs) and says what to do.
 */
import { basename } from 'node:path';
import { appFailure, type AppFailure, type ErrorCode, type ErrorParams } from '../../../../shared/contract/result.ts';

export type ImportErrorKey =
  | 'fileNotFound'
  | 'fileUnreadable'
  | 'isDirectory'
  | 'emptyFile'
  | 'noData'
  | 'legacyXls'
  | 'encrypted'
  | 'ods'
  | 'numbers'
  | 'xlsb'
  | 'htmlTable'
  | 'xmlSpreadsheet'
  | 'unsupported'
  | 'binary'
  | 'notSpreadsheetZip'
  | 'xlsxDamaged'
  | 'xlsxTooLarge'
  | 'xlsxUnsupported'
  | 'sheetNotFound'
  | 'cellTooLarge'
  | 'recordTooLarge'
  | 'malformedCsv'
  | 'headerNotFound'
  | 'headerRowOutOfRange'
  | 'mappingInvalid';

const IO_ERRORS = new Set<ImportErrorKey>(['fileNotFound', 'fileUnreadable']);

export function importError(filePath: string, key: ImportErrorKey, params: ErrorParams = {}): AppFailure {
  const code: ErrorCode = IO_ERRORS.has(key) ? 'IO' : 'VALIDATION';
  return appFailure(code, `importer.errors.${key}`, { file: basename(filePath), ...params });
}

export function cancelled(): AppFailure {
  return appFailure('CANCELLED', 'errors.cancelled');
}

/** Turns a file-system error into the import error the operator can act on. */
export function fileSystemError(filePath: string, error: unknown): AppFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return importError(filePath, 'fileNotFound');
  if (code === 'EISDIR') return importError(filePath, 'isDirectory');
  return importError(filePath, 'fileUnreadable', { detail: typeof code === 'string' ? code : String((error as Error | null)?.message ?? error) });
}
