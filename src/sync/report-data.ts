import type {
  ActionCounts,
  ApplyOperation,
  ApprovalReason,
  ArchiveBlock,
  MatchMethod,
  MergeEntity,
  MergePolicy,
  SkipReason,
  UnmatchedSchool,
} from '../merge/index.js'
import type { RoleCategory, RosterCollection, SourceIssue, SourceIssueSeverity, SourceKind } from '../model/index.js'
import type { ReportHold } from './report-holds.js'

export type { ReportHold, ReportHoldKind } from './report-holds.js'

/**
 * The plain-data content of a sync report. Everything here is safe to email to a district's
 * technical owner: no secret, and no personal data beyond the names and ids the host already holds.
 *
 * @module
 */

/** Which call produced the report. */
export type SyncOperation = 'preview' | 'approve' | 'run'

/**
 * How the run ended.
 * - `previewed`: a test sync; nothing was written.
 * - `applied`: every change was written.
 * - `partially-applied`: the apply finished but the store refused some records.
 * - `held`: the plan waits for a person's approval (a guard tripped, or auto-approve is off).
 * - `blocked`: validation errors stop the sync until the data is fixed.
 * - `cancelled`: the run was cancelled; the next run resumes from the checkpoint.
 * - `failed`: the pull or the apply failed; nothing more was written.
 */
export type SyncOutcome = 'previewed' | 'applied' | 'partially-applied' | 'held' | 'blocked' | 'cancelled' | 'failed'

/** One collection as the pull read it. */
export interface ReportCollection {
  /** The collection. */
  collection: RosterCollection
  /** Records received. */
  received: number
  /** Records the source said it had, when it said. */
  expected?: number
  /** True when the reader proved every record was read. */
  complete: boolean
  /**
   * `complete`; `incomplete` (the source serves it but it could not be read completely, so nothing
   * is archived from it); `not-offered` (the source does not serve it at all, e.g. a 404 on an
   * optional endpoint or a vendor without it).
   */
  state: 'complete' | 'incomplete' | 'not-offered'
  /** Why it is not complete, or why it is not offered. */
  reason?: string
}

/** What the pull did. */
export interface ReportPull {
  /** True when every collection was read completely. */
  complete: boolean
  /** Per collection. */
  collections: ReportCollection[]
  /** Pages read. */
  pages: number
  /** Requests retried after a fault. */
  retries: number
  /** Waits imposed by rate limiting. */
  throttles: number
  /** Time spent waiting on retries and rate limits, in milliseconds. */
  waitMs: number
}

/** One example of a validation issue. */
export interface ReportIssueExample {
  /** The collection of the record. */
  entity: string
  /** The record's sourcedId, when the issue concerns one record. */
  sourcedId?: string
  /** The field, dotted. */
  path?: string
  /** What is wrong. */
  message: string
}

/** One record of the plan, named for people. */
export interface ReportRecordRef {
  /** The entity. */
  entity: MergeEntity
  /** The source's sourcedId (for archives: the host record's). */
  sourcedId: string
  /** A name for people: a user's name, a class's title, "Ana Diaz in Algebra I" for an enrollment. */
  name: string
  /** The host's id, when the host has the record. */
  hostId?: string
  /** A user's primary role category. */
  role?: RoleCategory
  /** The name of the record's school, when one applies (its sourcedId when the name is unknown). */
  school?: string
  /** More detail, e.g. the reference a skipped record misses. */
  detail?: string
}

/** One field of an update, before and after, as text for people. */
export interface ReportFieldChange {
  /** Top-level field of the canonical record. */
  field: string
  /** The host's value. */
  before: string
  /** The source's value. */
  after: string
}

/** A record to update, with what changes. */
export interface ReportUpdate extends ReportRecordRef {
  /** The fields that change. Values of demographics are not shown, only that they change. */
  fields: ReportFieldChange[]
  /** True when the host record gets linked to the source by this update. */
  linked: boolean
  /** True when an archived host record comes back. */
  restored: boolean
}

/** A record to archive, and why. */
export interface ReportArchive extends ReportRecordRef {
  /** `absent`: the complete roster no longer has it; `tobedeleted`: the source marked it deleted. */
  reason: 'absent' | 'tobedeleted'
}

/** Skipped records of one reason. */
export interface ReportSkipGroup {
  /** The merge engine's reason. */
  reason: SkipReason
  /** The reason for people, e.g. "Demographics and other data turned off in the policy". */
  label: string
  /** Records skipped for this reason. */
  count: number
  /** Per entity. */
  byEntity: Partial<Record<MergeEntity, number>>
  /** The first few records. */
  examples: ReportRecordRef[]
}

/**
 * What the plan changes, record by record. The lists hold up to the report's `recordLimit` records
 * each (10,000 unless set; `omitted` counts the rest, which the plan itself always has); renderings
 * show the first few and say how many they left out. Skips are grouped by reason with a few examples.
 */
export interface ReportChanges {
  /** Records to archive. */
  archives: ReportArchive[]
  /** Records to update, with field-level before and after. */
  updates: ReportUpdate[]
  /** Records to create. */
  creates: ReportRecordRef[]
  /** Records left alone, grouped by reason, largest group first. */
  skips: ReportSkipGroup[]
  /** Records beyond the report's `recordLimit`, per list, left out of the lists above. */
  omitted: { archives: number; updates: number; creates: number }
}

/** Validation issues of one code. */
export interface ReportIssueGroup {
  /** The stable issue code. */
  code: string
  /** `error` blocks a sync, `warning` does not. */
  severity: 'error' | 'warning'
  /** How many issues have this code. */
  count: number
  /** What a person can do about it. */
  hint?: string
  /** A few examples. */
  examples: ReportIssueExample[]
}

/** Source issues of one code. */
export interface ReportSourceIssueGroup {
  /** The reader's stable code, e.g. `row_too_short` (CSV) or `missing-required` (REST). */
  code: string
  /** The worst severity seen with this code: `error` quarantines or blocks, like a validation error. */
  severity: SourceIssueSeverity
  /** How many issues have this code. */
  count: number
  /** The collections concerned, as far as the examples tell. */
  collections: RosterCollection[]
  /** Every issue of this code the reader kept in full (renderings show the first few). */
  examples: SourceIssue[]
}

/** What the source reader found while reading (cut rows, malformed records, normalised values). */
export interface ReportSourceIssues {
  /** Issues found in all. */
  total: number
  /** Issues per severity. */
  bySeverity: Record<SourceIssueSeverity, number>
  /** Per code, errors first, then by count. */
  byCode: ReportSourceIssueGroup[]
}

/** A record set aside by validation. */
export interface ReportQuarantined {
  /** The collection of the record. */
  entity: string
  /** Its sourcedId. */
  sourcedId: string
  /** Why it was set aside. */
  reason: string
}

/** What validation found. */
export interface ReportValidation {
  /** True when nothing blocks the sync. */
  ok: boolean
  /** True when the roster as a whole cannot be synced. */
  blocked: boolean
  /** Why it is blocked. */
  blockReasons: string[]
  /** The block reasons that come from the source reader's errors (a subset of `blockReasons`). */
  sourceBlockReasons: string[]
  /** Issues of severity `error`. */
  errors: number
  /** Issues of severity `warning`. */
  warnings: number
  /** Issues grouped by code, errors first. */
  byCode: ReportIssueGroup[]
  /** Records set aside, up to a limit. */
  quarantined: ReportQuarantined[]
  /** Records set aside in all. */
  quarantinedTotal: number
}

/** A conflict the plan leaves to a person. */
export interface ReportConflict {
  /** The entity. */
  entity: MergeEntity
  /** The incoming record's sourcedId. */
  key: string
  /** Why. */
  reason: string
  /** Explanation for people. */
  detail: string
}

/** An incoming school paired with a host school. */
export interface ReportSchoolMatch {
  /** The source's sourcedId of the school. */
  sourcedId: string
  /** The school's name in the source. */
  name: string
  /** Host id of the school it was paired with. */
  hostId: string
  /** How it was paired: by sourcedId, a person's assignment, or an automatic key. */
  matchedBy: MatchMethod
}

/**
 * How the source's schools map to the host's: the "review and assign schools" step of a first
 * sync. A person assigns each unmatched school to a host school or accepts creating it.
 */
export interface ReportSchools {
  /** Schools paired with a host school. */
  matched: ReportSchoolMatch[]
  /** Schools no host school matches, with the classes and enrollments waiting on each. */
  unmatched: UnmatchedSchool[]
  /** What the policy does with unmatched schools: `hold` (wait for a person) or `create`. */
  whenUnmatched: 'hold' | 'create'
}

/** What the plan would change. */
export interface ReportPlan {
  /** Whether the incoming data was a whole roster or only changes. */
  incoming: 'bulk' | 'delta'
  /** Counts of every action. */
  total: ActionCounts
  /** Counts per entity. */
  byEntity: Record<MergeEntity, ActionCounts>
  /** Counts per user role category. */
  byRole: Record<RoleCategory, ActionCounts>
  /** True when a guard asks for a person's approval. */
  requiresApproval: boolean
  /** The guards that tripped. */
  guards: ApprovalReason[]
  /** Archives withheld, and why. */
  archiveBlocks: ArchiveBlock[]
  /** How the source's schools map to the host's. */
  schools: ReportSchools
  /** What changes, record by record. */
  changes: ReportChanges
  /** Conflicts, up to a limit. */
  conflicts: ReportConflict[]
}

/** What the apply wrote. */
export interface ReportApply {
  /** True when the whole plan is written. */
  complete: boolean
  /** True when the apply was cancelled part-way. */
  aborted: boolean
  /** Records written and failed per entity and operation (entities with no writes left out). */
  counts: Partial<Record<MergeEntity, Record<ApplyOperation, { succeeded: number; failed: number }>>>
  /** Records the store refused, up to a limit. */
  failures: Array<{ entity: MergeEntity; operation: ApplyOperation; key: string; error: string }>
}

/** The error that ended a failed run, reduced to safe fields. */
export interface ReportError {
  /** Error class name. */
  name: string
  /** Stable rosterkit code, when it is a rosterkit error. */
  code?: string
  /** What happened (secrets redacted). */
  message: string
  /** What to do about it. */
  hint?: string
}

/** The whole report as plain data (what `toJSON()` returns). */
export interface SyncReportData {
  /** Format version: 2 since holds, schools, policy, source issues and record-level changes. */
  formatVersion: 2
  /** Which call produced the report. */
  operation: SyncOperation
  /** How it ended. */
  outcome: SyncOutcome
  /** One-line summary for people (an email subject). */
  headline: string
  /** Where the roster came from, and the district's name when the roster holds a district org. */
  source: { kind: SourceKind; label: string; version?: string; vendor?: string; district?: string }
  /** Whether the pull was full or incremental, and why. */
  mode: { kind: 'full' | 'incremental'; reason: string; since?: string }
  /** When the run started and finished (ISO 8601), and how long it took. */
  timing: { startedAt: string; finishedAt: string; durationMs: number; phasesMs: Partial<Record<SyncPhase, number>> }
  /** The pull, when it got that far. */
  pull?: ReportPull
  /** What the source reader found, when the pull finished and it found anything. */
  sourceIssues?: ReportSourceIssues
  /** Validation, when it got that far. */
  validation?: ReportValidation
  /** The plan, when it got that far. */
  plan?: ReportPlan
  /** The apply, when one ran. */
  apply?: ReportApply
  /** The merge policy the plan was made under (what decides creates, updates, archives and skips). */
  policy?: MergePolicy
  /**
   * What waits for a person and what would release it: validation or source errors that block,
   * safety guards, schools to assign, review required. Each reason appears once, here.
   */
  holds: ReportHold[]
  /** The messages of {@link SyncReportData.holds}, for a one-line list. */
  held: string[]
  /** Facts worth knowing (archives withheld, cursor not advanced, run resumed…). */
  notes: string[]
  /** The error that ended a failed run. */
  error?: ReportError
}

/** A timed phase of a run. */
export type SyncPhase = 'pull' | 'validate' | 'load' | 'plan' | 'apply'
