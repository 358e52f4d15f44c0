import { isRosterkitError } from '../errors.js'
import { redactText } from '../internal/redact.js'
import type { ApplyMergePlanResult, MergePlan, MergePolicy } from '../merge/index.js'
import { ROSTER_COLLECTIONS, type Roster, type RosterSource } from '../model/index.js'
import type { PullModeDecision } from './choose-pull-mode.js'
import type { PullStats } from './pull-stats.js'
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
import { formatCount } from './report-format.js'
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
  /** How the source's schools map to the host's, when a plan was made (see {@link reviewSchools}). */
  schools?: ReportSchools | undefined
  /** What waits for a person, and what would release it. */
  holds: readonly ReportHold[]
  /** Other facts. */
  notes: readonly string[]
  /** The error that ended the call. */
  error?: unknown
}

/**
 * The report's view of a finished pull: completeness per collection and the pull's counters.
 * @param roster - the pulled roster
 * @param stats - what the progress events counted
 */
export function summarisePull(roster: Roster, stats: PullStats | undefined): ReportPull {
  const collections: ReportCollection[] = []
  for (const name of ROSTER_COLLECTIONS) {
    const c = roster.completeness[name]
    if (!c) continue
    collections.push({
      collection: name,
      received: c.received,
      complete: c.complete,
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    })
  }
  return {
    complete: roster.complete,
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

function reportPlan(plan: MergePlan, schools: ReportSchools | undefined): ReportPlan {
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
  const firstHold = input.holds.find((h) => h.kind !== 'schools')?.message
  switch (input.outcome) {
    case 'previewed':
      return `Test sync of ${label}: ${waiting}${changes}`
    case 'applied':
      return `${label} synced: ${done}${schools === undefined ? '' : `; ${schools}`}`
    case 'partially-applied':
      return `${label} synced with records refused by the host${schools === undefined ? '' : `; ${schools}`}`
    case 'held':
      return `${label}: held for approval${firstHold ? ` (${firstHold})` : ''}; ${waiting}${changes}`
    case 'blocked':
      return `${label}: sync blocked${firstHold ? ` (${firstHold})` : ' by validation errors'}`
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
  if (input.plan) data.plan = reportPlan(input.plan, input.schools)
  if (input.apply) data.apply = reportApply(input.apply)
  if (input.error !== undefined) data.error = toReportError(input.error)
  return createSyncReport(data)
}
