import type { BenchCase } from '../harness.ts';
import { groupsList } from './groups-list.ts';
import { ipcRoundTrip } from './ipc-round-trip.ts';
import { memberExport } from './member-export.ts';
import { memberImportMemory } from './member-import-memory.ts';
import { memberImportXlsx } from './member-import.ts';
import { memberReadDuringImport } from './member-read-during-import.ts';
import { workspaceOpen } from './workspace-open.ts';
import { membersDirectory } from '../members/directory-case.ts';
import { membersImportStore } from '../members/import-store-case.ts';

/** Every benchmark `npm run bench` runs, in order. Add a case here (member import, directory paging, export...). */
export const BENCH_CASES: readonly BenchCase[] = [ipcRoundTrip, groupsList, workspaceOpen, memberImportXlsx, memberImportMemory, memberReadDuringImport, memberExport, membersImportStore, membersDirectory];
