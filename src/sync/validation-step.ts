import type { Roster, SourceIssueSummary } from '../model/index.js'
import {
  applyQuarantine,
  type DistrictParameters,
  type ValidationIssueCode,
  type ValidationReport,
  validateRoster,
} from '../validate/index.js'
import type { ReportIssueGroup, ReportValidation } from './report-data.js'
import { formatCount } from './report-format.js'
import { SOURCE_ERROR_CODE, sourceIssuesRule } from './source-issues-step.js'

/**
 * Runs the validator on a pulled roster and sets quarantined records aside.
 *
 * @module
 */

/** Examples listed per issue code, and quarantined records listed, in a report. */
const EXAMPLES_PER_CODE = 3
const QUARANTINE_LISTED = 50

/**
 * Checks that only hold for a whole roster. A delta holds only the records that changed, so its
 * enrollments point to classes it does not carry, a renamed class arrives without its teacher, and
 * a night with no student changes has no students at all: none of that is a defect.
 */
const WHOLE_ROSTER_CODES: readonly ValidationIssueCode[] = [
  'dangling_reference',
  'student_without_enrollment',
  'class_without_teacher',
  'screening_class_missing',
  'no_students',
  'school_not_found',
]

/** What validation decided about a pulled roster. */
export interface ValidationStep {
  /** The validator's report. */
  report: ValidationReport
  /** The roster to plan from: quarantined records removed (and their collections marked incomplete). */
  roster: Roster
  /** The sync report's view of validation. */
  summary: ReportValidation
  /** True when validation errors stop the sync. */
  blocked: boolean
  /** Why, for people. */
  blockReasons: string[]
  /** Facts for the sync report. */
  notes: string[]
}

function parametersFor(roster: Roster, parameters: DistrictParameters | undefined): DistrictParameters | undefined {
  if (roster.mode !== 'delta') return parameters
  const severity: NonNullable<DistrictParameters['severity']> = { ...(parameters?.severity ?? {}) }
  for (const code of WHOLE_ROSTER_CODES) severity[code] = 'off'
  return { ...(parameters ?? {}), severity }
}

/**
 * Says which source errors block and why, instead of the validator's bare count for record errors
 * that could not be set aside.
 */
function describeSourceBlock(report: ValidationReport, message: string): string {
  const recordIssues = report.issues.filter((i) => i.code === SOURCE_ERROR_CODE && i.level === 'record')
  if (
    recordIssues.some((i) => i.message === message) ||
    report.issues.some((i) => i.message === message && i.level === 'roster')
  )
    return message
  const quarantined = new Set(report.quarantined.map((q) => `${q.entity}\u0000${q.sourcedId}`))
  const stuck = recordIssues.filter((i) => !quarantined.has(`${i.entity}\u0000${i.sourcedId}`))
  const codes = [...new Set(stuck.map((i) => i.message.slice(0, i.message.indexOf(':'))))].join(', ')
  const records = stuck.length === 1 ? '1 record' : `${stuck.length} records`
  return `${records} the source reader could not read (${codes}) cannot be set aside, because quarantine is off in the district parameters (quarantine.enabled)`
}

/**
 * The sync report's view of a validation report: counts, a few examples per code, the records set
 * aside.
 * @param report - the validator's report
 */
export function summariseValidation(report: ValidationReport): ReportValidation {
  const byCode: ReportIssueGroup[] = report.summary.byCode.map((c) => ({
    code: c.code,
    severity: c.severity,
    count: c.count,
    ...(c.hint === undefined ? {} : { hint: c.hint }),
    examples: [],
  }))
  const groups = new Map(byCode.map((g) => [g.code, g]))
  for (const issue of report.issues) {
    const group = groups.get(issue.code)
    if (!group || group.examples.length >= EXAMPLES_PER_CODE) continue
    group.examples.push({
      entity: issue.entity,
      message: issue.message,
      ...(issue.sourcedId === undefined ? {} : { sourcedId: issue.sourcedId }),
      ...(issue.path.length === 0 ? {} : { path: issue.path.join('.') }),
    })
  }
  const blockReasons = report.blockReasons.map((r) =>
    r.code === SOURCE_ERROR_CODE ? { ...r, message: describeSourceBlock(report, r.message) } : r,
  )
  return {
    ok: report.ok,
    blocked: report.blocked,
    blockReasons: blockReasons.map((r) => r.message),
    sourceBlockReasons: blockReasons.filter((r) => r.code === SOURCE_ERROR_CODE).map((r) => r.message),
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    byCode,
    quarantined: report.quarantined
      .slice(0, QUARANTINE_LISTED)
      .map((q) => ({ entity: q.entity, sourcedId: q.sourcedId, reason: q.reason })),
    quarantinedTotal: report.quarantined.length,
  }
}

/**
 * Validates a pulled roster against the district's parameters and removes quarantined records.
 * @param roster - the pulled roster
 * @param parameters - the district's parameters
 * @param now - the clock for date rules
 * @param sourceIssues - what the source reader found; its errors quarantine or block like validation errors
 * @throws {ConfigurationError} when the parameters are invalid
 */
export function runValidation(
  roster: Roster,
  parameters: DistrictParameters | undefined,
  now: Date,
  sourceIssues?: SourceIssueSummary | undefined,
): ValidationStep {
  const rules = sourceIssues && sourceIssues.bySeverity.error > 0 ? [sourceIssuesRule(sourceIssues)] : []
  const report = validateRoster(roster, parametersFor(roster, parameters), { now, rules })
  const notes: string[] = []
  const sourceErrors = report.issues.filter((i) => i.code === SOURCE_ERROR_CODE).length
  if (sourceErrors > 0) {
    notes.push(
      `${sourceErrors === 1 ? 'One error' : `${sourceErrors} errors`} of the source reader count as validation errors (${SOURCE_ERROR_CODE}): the records they name are quarantined, the others block the sync.`,
    )
  }
  if (roster.mode === 'delta') {
    notes.push(
      'Whole-roster checks (references, classes without teachers, screening classes) wait for the next full sync.',
    )
  }
  if (report.quarantined.length > 0) {
    notes.push(
      `${report.quarantined.length === 1 ? '1 record was' : `${formatCount(report.quarantined.length)} records were`} quarantined and left out; nothing is archived in their collections during this run.`,
    )
  }
  return {
    report,
    roster: applyQuarantine(roster, report),
    summary: summariseValidation(report),
    blocked: report.blocked,
    blockReasons: report.blockReasons.map((r) => r.message),
    notes,
  }
}
