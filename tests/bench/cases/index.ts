import type { BenchCase } from '../harness.ts';
import { groupsList } from './groups-list.ts';
import { ipcRoundTrip } from './ipc-round-trip.ts';
import { workspaceOpen } from './workspace-open.ts';

/** Every benchmark `npm run bench` runs, in order. Add a case here (member import, directory paging, export...). */
export const BENCH_CASES: readonly BenchCase[] = [ipcRoundTrip, groupsList, workspaceOpen];
