import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_members.ts';
import * as m0003 from './0003_member_sort_indexes.ts';
import * as m0004 from './0004_sort_indexes_cover_joined.ts';
import * as m0005 from './0005_search_triggers_unconditional.ts';

/**
 * Every migration, listed statically (no directory scan at run time: the app runs from an asar
 * archive and a bundle). Names sort in the order they run. Never edit a migration once landed.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
  '0002_members': m0002,
  '0003_member_sort_indexes': m0003,
  '0004_sort_indexes_cover_joined': m0004,
  '0005_search_triggers_unconditional': m0005,
};

export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();
export const LATEST_SCHEMA_VERSION = MIGRATION_NAMES.length;
