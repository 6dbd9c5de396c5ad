/**
 * The member import reader: what the member store (commit), the CLI and the wizard's IPC handlers call.
 * - previewImport(file, options): everything the wizard shows before commit.
 * - openImport(file, settings): the rows to commit, streamed, with live counts.
 */
export { previewImport, type PreviewOptions } from './preview-import.ts';
export { openImport, DEFAULT_LOOKAHEAD_ROWS, type ImportReadOptions, type ImportSession } from './open-import.ts';
export { importError, type ImportErrorKey } from './errors.ts';
