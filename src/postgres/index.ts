/**
 * `rosterkit/postgres` (Node only): keep the roster in Postgres. The `RosterStore` over rosterkit's
 * tables, the sync state, pending previews and run history beside it, and the migrations, on a
 * Postgres server (`pg`) or an embedded PGlite database. Install `kysely` and the driver you use
 * (`pg` or `@electric-sql/pglite` with `kysely-pglite-dialect`).
 *
 * @module
 */

export { DistrictBusyError, isDistrictBusyError } from './district-busy-error.js'
export type { ReleaseDistrictLock } from './district-lock.js'
export { migrateRosterkitSchema, rosterkitMigrations } from './migrations.js'
export {
  isPostgresUrl,
  type OpenRosterDatabaseOptions,
  openRosterDatabase,
  type PGliteInstance,
  type RosterDatabase,
  type RosterDatabaseTarget,
} from './open-database.js'
export {
  type AddRowOptions,
  createPostgresRosterStore,
  type PostgresRosterStore,
  type PostgresRosterStoreOptions,
  type RosterBatch,
  type RosterBatchRow,
} from './postgres-roster-store.js'
export { type RecordColumns, recordColumns } from './record-columns.js'
export {
  createPostgresSyncStore,
  type ListRunsOptions,
  type PostgresSyncStore,
  type RunRecord,
  type RunSummary,
  type StoredPreview,
} from './sync-store.js'
export type {
  ActiveStudentView,
  ClassRosterView,
  PreviewTable,
  RunTable,
  SyncStateTable,
  TimestampColumn,
} from './tables.js'
export { ROSTER_TABLES, type RosterkitTables, type RosterRowTable, type RosterTableName } from './tables.js'
