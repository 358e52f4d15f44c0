import { isRosterkitError } from '../errors.js'
import { redactText } from '../internal/redact.js'
import type { ApplyMergePlanResult, MergePlan, MergePolicy } from '../merge/index.js'
import { ROSTER_COLLECTIONS, type Roster, type RosterSource } from '../model/index.js'
import type { PullModeDecision } from './choose-pull-mode.js'
import type { PullStats } from './pull-stats.js'
import { createNameLookup, describeChanges, type NameLookup } from './report-changes.js'
import type {
  ReportApply,
  ReportCollection,
  ReportError,
  ReportPlan,
  ReportPull,
  ReportSchools,
  ReportSourceIssues,
  ReportValidation,
  SyncOperation,
  SyncOutcome,
  SyncPhase,
  SyncReportData,
} from './report-data.js'
import { formatCount, type ReportRenderOptions } from './report-format.js'
import { describeSchoolHold, type ReportHold } from './report-holds.js'
import { createSyncReport, type SyncReport } from './sync-report.js'

/**
 * Assembles a sync report from what one call of the sync went through.
 *
 * @module
 */

/** How many conflicts and store failures a report lists before it only counts. */
const LIST_LIMIT = 20

/** Everything a call of the sync learned, for its report. */
export interface ReportInput {
  /** Which call. */
  operation: SyncOperation
  /** How it ended. */
  outcome: SyncOutcome
  /** The source, as the report names it (see {@link describeReportSource}). */
  source: SyncReportData['source']
  /** The pull, when it finished (see {@link summarisePull}). */
  pull?: ReportPull | undefined
  /** Pull mode and why. */
  mode: PullModeDecision
  /** When the call started and finished (ISO 8601). */
  startedAt: string
  /** When the call finished (ISO 8601). */
  finishedAt: string
  /** Duration of each phase that ran. */
  phasesMs: Partial<Record<SyncPhase, number>>
  /** Validation summary. */
  validation?: ReportValidation | undefined
  /** What the source reader found. */
  sourceIssues?: ReportSourceIssues | undefined
  /** The plan. */
  plan?: MergePlan | undefined
  /** The apply result. */
  apply?: ApplyMergePlanResult | undefined
  /** The policy in force (the plan's, when there is a plan). */
  policy?: MergePolicy | undefined
  /** Names of the plan's records (see `lookupFromRoster`); sourcedIds stand in when absent. */
  names?: NameLookup | undefined
  /** How the source's schools map to the host's, when a plan was made (see {@link reviewSchools}). */
  schools?: ReportSchools | undefined
  /** What waits for a person, and what would release it. */
  holds: readonly ReportHold[]
  /** Other facts. */
  notes: readonly string[]
  /** The error that ended the call. */
  error?: unknown
  /** Default rendering options of the report (time zone, list length). */
  render?: ReportRenderOptions | undefined
  /** Records per list of `plan.changes` (see `ReportOptions.recordLimit`). */
  recordLimit?: number | undefined
}

/** A reason that says the source does not serve a collection (rather than failing to serve it). */
const NOT_OFFERED = /not offered|\b404\b|not supported/i

/**
 * Collections a source reported in `metadata.skippedCollections` (`"demographics"` or
 * `"demographics (403)"`), for sources that still report them there instead of in `completeness`.
 */
function skippedCollections(roster: Roster): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>()
  const skipped = roster.metadata?.skippedCollections
  if (!Array.isArray(skipped)) return out
  for (const entry of skipped) {
    if (typeof entry !== 'string') continue
    const m = /^(\w+)(?: \((.+)\))?$/.exec(entry.trim())
    if (m?.[1]) out.set(m[1], m[2])
  }
  return out
}

/**
 * The report's view of a finished pull: completeness per collection, collections the source does
 * not offer, and the pull's counters.
 * @param roster - the pulled roster
 * @param stats - what the progress events counted
 */
export function summarisePull(roster: Roster, stats: PullStats | undefined): ReportPull {
  const collections: ReportCollection[] = []
  const skipped = skippedCollections(roster)
  let complete = roster.complete
  for (const name of ROSTER_COLLECTIONS) {
    const c = roster.completeness[name]
    if (c) {
      const notOffered = c.received === 0 && c.reason !== undefined && NOT_OFFERED.test(c.reason)
      collections.push({
        collection: name,
        received: c.received,
        complete: c.complete,
        state: notOffered ? 'not-offered' : c.complete ? 'complete' : 'incomplete',
        ...(c.expected === undefined ? {} : { expected: c.expected }),
        ...(c.reason === undefined ? {} : { reason: c.reason }),
      })
      continue
    }
    if (!skipped.has(name)) continue
    const status = skipped.get(name)
    // No status: the vendor profile says the source lacks it. A 404: the endpoint is not there.
    // Any other refusal means the source has the data but would not give it: not complete.
    if (status === undefined || status === '404') {
      collections.push({
        collection: name,
        received: 0,
        complete: true,
        state: 'not-offered',
        reason: status === undefined ? 'the source does not offer it' : 'the source does not offer it (404)',
      })
    } else {
      complete = false
      collections.push({
        collection: name,
        received: 0,
        complete: false,
        state: 'incomplete',
        reason: `the source refused it (${status})`,
      })
    }
  }
  return {
    complete,
    collections,
    pages: stats?.pages ?? 0,
    retries: stats?.retries ?? 0,
    throttles: stats?.throttles ?? 0,
    waitMs: stats?.waitMs ?? 0,
  }
}

/**
 * The schools step of a plan for people: each matched school with its name, each unmatched one
 * with what waits on it.
 * @param plan - the plan
 * @param roster - the incoming roster, for the names of matched schools
 */
export function reviewSchools(plan: MergePlan, roster: Pick<Roster, 'orgs'> | undefined): ReportSchools {
  const names = new Map((roster?.orgs ?? []).map((o) => [o.sourcedId, o.name]))
  return {
    matched: plan.schools.matched.map((m) => ({
      sourcedId: m.sourcedId,
      name: names.get(m.sourcedId) ?? m.sourcedId,
      hostId: m.hostId,
      matchedBy: m.matchedBy,
    })),
    unmatched: plan.schools.unmatched,
    whenUnmatched: plan.policy.schools.unmatched,
  }
}

function reportPlan(
  plan: MergePlan,
  schools: ReportSchools | undefined,
  lookup: NameLookup,
  recordLimit: number | undefined,
): ReportPlan {
  const conflicts: ReportPlan['conflicts'] = []
  for (const actions of Object.values(plan.actions)) {
    for (const action of actions) {
      if (action.kind !== 'conflict' || conflicts.length >= LIST_LIMIT) continue
      conflicts.push({ entity: action.entity, key: action.key, reason: action.reason, detail: action.detail })
    }
  }
  return {
    incoming: plan.mode,
    total: plan.summary.total,
    byEntity: plan.summary.byEntity,
    byRole: plan.summary.byRole,
    requiresApproval: plan.requiresApproval,
    guards: plan.approvalReasons,
    archiveBlocks: plan.archiveBlocks,
    schools: schools ?? reviewSchools(plan, undefined),
    changes: describeChanges(plan, lookup, recordLimit),
    conflicts,
  }
}

function reportApply(result: ApplyMergePlanResult): ReportApply {
  const counts: ReportApply['counts'] = {}
  for (const [entity, ops] of Object.entries(result.counts) as Array<
    [keyof typeof result.counts, ReportApply['counts'][keyof typeof result.counts]]
  >) {
    if (ops && Object.values(ops).some((c) => c.succeeded + c.failed > 0)) counts[entity] = ops
  }
  const failures: ReportApply['failures'] = []
  for (const batch of result.batches) {
    for (const f of batch.failed) {
      if (failures.length >= LIST_LIMIT) break
      failures.push({ entity: batch.entity, operation: batch.operation, key: f.key, error: redactText(f.error) })
    }
  }
  return { complete: result.complete, aborted: result.aborted, counts, failures }
}

/**
 * Reduces an error to fields safe for a report: a rosterkit error's own safe `toJSON()` fields, or
 * the name and redacted message of anything else.
 * @param error - what was thrown
 */
export function toReportError(error: unknown): ReportError {
  if (isRosterkitError(error)) {
    const json = error.toJSON()
    const hint = typeof json.hint === 'string' ? json.hint : undefined
    return { name: error.name, code: error.code, message: redactText(error.message), ...(hint ? { hint } : {}) }
  }
  if (error instanceof Error) return { name: error.name, message: redactText(error.message) }
  return { name: 'Error', message: redactText(String(error)) }
}

/**
 * How a report names its source: the source's kind and label, with version and vendor once a pull
 * has told them.
 * @param source - the roster source
 * @param roster - the pulled roster, when there is one
 */
export function describeReportSource(
  source: Pick<RosterSource, 'kind' | 'label'>,
  roster?: Roster | undefined,
): SyncReportData['source'] {
  const out: SyncReportData['source'] = { kind: source.kind, label: source.label }
  if (roster?.source.version) out.version = roster.source.version
  if (roster?.source.vendor) out.vendor = roster.source.vendor
  const districts = roster?.orgs.filter((o) => o.type === 'district').map((o) => o.name) ?? []
  if (districts.length > 0) out.district = districts.join(', ')
  return out
}

function headline(input: ReportInput): string {
  const p = input.plan?.summary.total
  const label = input.source.label
  const changes = p
    ? `${formatCount(p.create)} to create, ${formatCount(p.update)} to update, ${formatCount(p.archive)} to archive`
    : ''
  const done = changes.replace(/to (create|update|archive)/g, (_, verb: string) => `${verb}d`)
  // What waits on schools is said first: it is the one outcome a first sync must not hide.
  const schools = input.plan ? describeSchoolHold(input.plan.schools.unmatched) : undefined
  const waiting = schools === undefined ? '' : `${schools}; `
  const firstHold = input.holds.find((h) => h.kind !== 'schools')
  // The subject names why in a few words; the holds list says it in full, once.
  const heldBecause =
    firstHold === undefined
      ? ''
      : firstHold.kind === 'guard'
        ? ` (archives above the ${Math.round((input.plan?.policy.archiveThreshold ?? 0.1) * 1000) / 10}% threshold)`
        : firstHold.kind === 'review'
          ? ' (automatic approval is off)'
          : ` (${firstHold.message})`
  switch (input.outcome) {
    case 'previewed':
      return `Test sync of ${label}: ${waiting}${changes}`
    case 'applied':
      return `${label} synced: ${done}${schools === undefined ? '' : `; ${schools}`}`
    case 'partially-applied':
      return `${label} synced with records refused by the host${schools === undefined ? '' : `; ${schools}`}`
    case 'held':
      return `${label}: held for approval${heldBecause}; ${waiting}${changes}`
    case 'blocked':
      return `${label}: sync blocked${heldBecause || ' by validation errors'}`
    case 'cancelled':
      return `${label}: sync cancelled; the next run resumes`
    case 'failed':
      return `${label}: sync failed`
  }
}

/**
 * Builds the report of one call of the sync.
 * @param input - what the call went through
 */
export function buildSyncReport(input: ReportInput): SyncReport {
  const data: SyncReportData = {
    formatVersion: 2,
    operation: input.operation,
    outcome: input.outcome,
    headline: headline(input),
    source: input.source,
    mode: {
      kind: input.mode.mode,
      reason: input.mode.reason,
      ...(input.mode.since === undefined ? {} : { since: input.mode.since }),
    },
    timing: {
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      durationMs: Math.max(0, Date.parse(input.finishedAt) - Date.parse(input.startedAt)),
      phasesMs: input.phasesMs,
    },
    holds: [...input.holds],
    held: input.holds.map((h) => h.message),
    notes: [...input.notes],
  }
  const policy = input.plan?.policy ?? input.policy
  if (policy) data.policy = policy
  if (input.pull) data.pull = input.pull
  if (input.sourceIssues && input.sourceIssues.total > 0) data.sourceIssues = input.sourceIssues
  if (input.validation) data.validation = input.validation
  if (input.plan) {
    data.plan = reportPlan(input.plan, input.schools, input.names ?? createNameLookup({}, {}), input.recordLimit)
  }
  if (input.apply) data.apply = reportApply(input.apply)
  if (input.error !== undefined) data.error = toReportError(input.error)
  return createSyncReport(data, input.render)
}
