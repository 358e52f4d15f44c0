import type { LoadScope, MergePlan, MergePolicyInput, RosterStore, UnmatchedSchool } from '../merge/index.js'
import type { PullProgressEvent, RosterSource, SourceIssueSummary } from '../model/index.js'
import type { DistrictParameters } from '../validate/index.js'
import type { DataCategories } from './data-categories.js'
import type { ReportSchools, ReportValidation, SyncOutcome } from './report-data.js'
import type { ReportOptions } from './report-format.js'
import type { ReportHold } from './report-holds.js'
import type { SyncReport } from './sync-report.js'
import type { SyncState, SyncStateInput } from './sync-state.js'

/**
 * Options and results of `createRosterSync`.
 *
 * @module
 */

/** Options of `createRosterSync`. */
export interface RosterSyncOptions {
  /** Where the roster comes from: a OneRoster or Clever client, or a CSV bundle source. */
  source: RosterSource
  /** The host adapter that loads and writes the host's records. */
  store: RosterStore
  /**
   * What the sync may do to the host's data, per entity and role.
   * @default the default merge policy: create, never update existing records, never archive
   */
  policy?: MergePolicyInput | undefined
  /** The data-category switches of the district's settings; each overrides `sync` in the policy. */
  dataCategories?: DataCategories | undefined
  /**
   * What the district promised (testing measures, screening classes, required identifiers, schools
   * in scope), checked by the validator before anything is planned.
   * @default no parameters: spec-level checks only
   */
  districtParameters?: DistrictParameters | undefined
  /**
   * Manual school assignments: the source's school sourcedId → the host's school id. They win over
   * automatic matching (merged into `policy.schools.overrides`).
   * @default {}
   */
  schoolMatches?: Readonly<Record<string, string>> | undefined
  /**
   * The state persisted after the previous run (`result.state`).
   * @default {} (never synced: the first run is full)
   */
  state?: SyncStateInput | undefined
  /**
   * How often a scheduled run is a full sync instead of an incremental one, in milliseconds. Full
   * runs are what archive records a source deleted without telling; `0` never forces one.
   * @default 604_800_000 (7 days)
   */
  fullSyncEvery?: number | undefined
  /**
   * The source's namespace in the host (`policy.namespace`): sourcedIds are only unique within one
   * source, so a host syncing several districts gives each its own, e.g. `oneroster:district-42`.
   * @default `policy.namespace`, else the source's kind
   */
  sourceId?: string | undefined
  /**
   * Records per store call and calls in flight when applying.
   * @default { batchSize: 500, concurrency: 4 }
   */
  apply?: { batchSize?: number | undefined; concurrency?: number | undefined } | undefined
  /**
   * Called with the new state whenever it changes (after an apply, and with a checkpoint when a run is
   * interrupted), so a host can persist it before the call returns.
   */
  onStateChange?: ((state: SyncState) => void | Promise<void>) | undefined
  /**
   * How reports render by default (the district's time zone, how many records each section of
   * an email lists) and how many records the report data lists per kind of change.
   * @default { timeZone: 'UTC', listLimit: 25, recordLimit: 10_000 }
   */
  report?: ReportOptions | undefined
  /**
   * The clock.
   * @default () => new Date()
   */
  now?: (() => Date) | undefined
}

/** Options of `preview`. */
export interface PreviewOptions {
  /** Cancels the test sync. */
  signal?: AbortSignal | undefined
  /** Progress events of the pull (collections, pages, records, throttling waits). */
  onProgress?: ((event: PullProgressEvent) => void) | undefined
  /**
   * Pull everything instead of the changes since the last sync.
   * @default false (incremental when the state has a cursor, the source supports it and no full sync is due)
   */
  full?: boolean | undefined
}

/** Options of `approve`. */
export interface ApproveOptions {
  /** Cancels the apply between batches; the batches written are kept in the state's checkpoint. */
  signal?: AbortSignal | undefined
}

/** Options of `run`. */
export interface RunOptions extends PreviewOptions {
  /**
   * Apply without a person when validation does not block and no safety guard trips. `false` holds
   * every plan for review (the result carries the preview to `approve`).
   * @default true
   */
  autoApprove?: boolean | undefined
}

/**
 * A person's decisions in the "review and assign schools" step (see `RosterSync.withSchools`).
 */
export interface SchoolDecisions {
  /** Source school sourcedId → host school id, for schools the person assigned. */
  matches?: Readonly<Record<string, string>> | undefined
  /**
   * Create the schools still unmatched (sets `policy.schools.unmatched` to `create`). Right for a
   * host that has no schools of its own yet; a host that has them assigns them instead, so no
   * school exists twice.
   * @default false (unmatched schools keep waiting)
   */
  createUnmatched?: boolean | undefined
}

/** A test sync: what a sync would do, with nothing written. Pass it to `approve` to apply exactly this. */
export interface SyncPreview {
  /** When the preview was made (ISO 8601). */
  createdAt: string
  /** Whether the pull was full or incremental, and why. */
  mode: { kind: 'full' | 'incremental'; reason: string; since?: string }
  /** The source's cursor after this pull; it becomes the state's cursor once the plan is applied. */
  cursor?: string
  /** True when the pull read every collection completely. */
  complete: boolean
  /**
   * What the source reader found (cut rows, malformed records, normalised values), counted by
   * code. Its errors count as validation errors (`source_error`): they quarantine the records they
   * name or block the sync.
   */
  sourceIssues: SourceIssueSummary
  /** What validation found. */
  validation: ReportValidation
  /** What the sync would change. */
  plan: MergePlan
  /**
   * The part of the host's records an incremental run loaded (absent: everything). Approving
   * loads the same scope, so the stale-preview check compares like with like.
   */
  loadScope?: LoadScope
  /**
   * How the source's schools map to the host's: the "review and assign schools" step. Classes and
   * enrollments of an unmatched school wait (they are in {@link SyncPreview.holds}) until a person
   * assigns the school or accepts creating it (`sync.withSchools`).
   */
  schools: ReportSchools
  /** Schools no host school matches (the same as `schools.unmatched`). */
  unmatchedSchools: UnmatchedSchool[]
  /** True when validation errors stop the sync: `approve` refuses it. */
  blocked: boolean
  /**
   * What waits for a person and what would release it: validation errors, safety guards, classes
   * and enrollments waiting on unmatched schools.
   */
  holds: ReportHold[]
  /** The messages of {@link SyncPreview.holds}. Empty when everything in the plan can be applied. */
  held: string[]
  /** The report of the test sync. */
  report: SyncReport
}

/**
 * What `approve` needs of a preview: everything but its report. A preview saved as JSON
 * (`JSON.stringify(preview)`) and read back later, e.g. when a person approves a held plan the next
 * morning, is one.
 */
export type ReviewedPreview = Omit<SyncPreview, 'report' | 'schools' | 'holds' | 'sourceIssues'> &
  Partial<Pick<SyncPreview, 'schools' | 'holds' | 'sourceIssues'>>

/** The outcome of `approve` or `run`. */
export interface SyncResult {
  /** How it ended. */
  outcome: SyncOutcome
  /** The state to persist for the next run. */
  state: SyncState
  /** The report to show or email. */
  report: SyncReport
  /** The preview, when the plan was made: for a `held` run, approve it after review. */
  preview?: SyncPreview
  /** The error that ended a `failed` run. */
  error?: unknown
}
