import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { MergeEntity, MergeRecord } from '../merge/index.js'
import type { SyncState } from '../sync/index.js'

/**
 * The tables of the rosterkit schema, typed for Kysely. Every roster table has the same columns:
 * the canonical record as JSONB, and beside it the few columns a host queries and indexes.
 *
 * @module
 */

/** A timestamp column: written as an ISO string or a `Date`, read as a `Date`. */
export type TimestampColumn = ColumnType<Date, Date | string, Date | string>

/** One row of a roster table (`orgs`, `users`, `enrollments`, …). */
export interface RosterRowTable {
  /** The district (tenant) the row belongs to. Every query of a store filters on it. */
  district: string
  /** The host id rosterkit hands out (a UUID unless the host inserted its own). */
  host_id: Generated<string>
  /** The source namespace the row is linked to; null for a record made by hand. */
  source_namespace: string | null
  /** The record's sourcedId (in `source_namespace` when linked). */
  source_key: string
  /** True when a sync created the row, false when a sync only linked a hand-made one. */
  created_by_source: Generated<boolean>
  /** When the source created the row (ISO 8601, as the sync gave it). */
  origin_created_at: string | null
  /** The canonical record. */
  record: JSONColumnType<MergeRecord, string, string>
  /** Display name: org name, title, or a user's given and family name. */
  name: string | null
  /** A user's given name. */
  given_name: string | null
  /** A user's family name. */
  family_name: string | null
  /** A user's email. */
  email: string | null
  /** A user's first role, an enrollment's role, an org's type or a session's type. */
  role: string | null
  /** The school or org sourcedId the row belongs to (class, enrollment and course school; a user's primary org). */
  org_key: string | null
  /** An enrollment's class sourcedId. */
  class_key: string | null
  /** An enrollment's user sourcedId. */
  user_key: string | null
  /** Grades of a user, class or course. */
  grades: ColumnType<string[], string[] | undefined, string[]>
  /** The record's status (`active` or `tobedeleted`). */
  status: string
  /** Fields a person edited in the host: a sync keeps the host's value. */
  host_edited_fields: ColumnType<string[], string[] | undefined, string[]>
  /** When the row was archived (soft-deleted); null while live. */
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** Write counter, the `version` rosterkit fingerprints instead of the whole record. */
  version: ColumnType<number, number | undefined, number>
  /** When the row was inserted. */
  created_at: ColumnType<Date, Date | string | undefined, never>
  /** When the row was last written. */
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

/** One district's persisted `SyncState`. */
export interface SyncStateTable {
  district: string
  state: JSONColumnType<SyncState, string, string>
  updated_at: TimestampColumn
}

/** A preview kept for a person to approve later. */
export interface PreviewTable {
  id: Generated<number>
  district: string
  /** `pending` until approved, `approved` once applied, `discarded` when a newer one replaced it. */
  status: string
  plan_fingerprint: string
  held: JSONColumnType<string[], string, string>
  preview: JSONColumnType<Record<string, unknown>, string, string>
  created_at: TimestampColumn
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

/** One finished preview, approve or run, with its report. */
export interface RunTable {
  id: Generated<number>
  district: string
  operation: string
  outcome: string
  headline: string
  started_at: TimestampColumn
  finished_at: TimestampColumn
  report: JSONColumnType<Record<string, unknown>, string, string>
}

/** View `active_students`: live students with their school. */
export interface ActiveStudentView {
  district: string
  source_namespace: string | null
  school_key: string | null
  school_name: string | null
  host_id: string
  source_key: string
  given_name: string | null
  family_name: string | null
  email: string | null
  grades: string[]
  record: MergeRecord
}

/** View `class_rosters`: each live class with its live enrolled users (students and teachers). */
export interface ClassRosterView {
  district: string
  source_namespace: string | null
  class_host_id: string
  class_key: string
  class_title: string | null
  school_key: string | null
  role: string | null
  user_host_id: string
  user_key: string
  given_name: string | null
  family_name: string | null
  email: string | null
}

/** Table name of each roster collection. */
export const ROSTER_TABLES = {
  orgs: 'orgs',
  academicSessions: 'academic_sessions',
  courses: 'courses',
  classes: 'classes',
  users: 'users',
  enrollments: 'enrollments',
  demographics: 'demographics',
} as const satisfies Record<MergeEntity, string>

/** A roster table's name. */
export type RosterTableName = (typeof ROSTER_TABLES)[MergeEntity]

/** The whole schema as Kysely sees it (table names are unqualified; the store adds the schema). */
export type RosterkitTables = { [T in RosterTableName]: RosterRowTable } & {
  sync_states: SyncStateTable
  previews: PreviewTable
  runs: RunTable
  active_students: ActiveStudentView
  class_rosters: ClassRosterView
}
