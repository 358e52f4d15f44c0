import { primaryRoleCategory, ROSTER_COLLECTIONS, type Roster, type RosterIndex } from '../model/index.js'
import { ISSUE_CATALOG, isBuiltInIssueCode } from './issue-catalog.js'
import type { ValidationEntity, ValidationIssue } from './issues.js'
import type { BlockReason, IssueCodeCount, QuarantinedRecord, ValidationReport, ValidationSummary } from './report.js'
import type { ResolvedDistrictParameters } from './resolve-parameters.js'

/**
 * Turns the issues into a verdict: which records quarantine sets aside, whether the quarantine stays
 * within the district's limits, and what blocks the sync.
 *
 * @module
 */

/** Collections whose records can be set aside without breaking the rest of the roster. */
const QUARANTINABLE: ReadonlySet<ValidationEntity> = new Set([
  'users',
  'classes',
  'courses',
  'enrollments',
  'demographics',
])

interface Pending {
  entity: ValidationEntity
  sourcedId: string
  codes: string[]
  first: string
  count: number
}

/**
 * Decides quarantine, blocking and summary counts.
 * @param roster - the roster validated
 * @param index - its indexes
 * @param parameters - resolved district parameters
 * @param issues - every issue the rules raised; a `quarantine_limit_exceeded` issue may be appended
 */
export function decideOutcome(
  roster: Roster,
  index: RosterIndex,
  parameters: ResolvedDistrictParameters,
  issues: ValidationIssue[],
): Omit<ValidationReport, 'toText'> {
  const blockReasons: BlockReason[] = []
  const pending = new Map<string, Pending>()
  const unquarantinable = new Map<string, number>()
  for (const issue of issues) {
    if (issue.severity !== 'error') continue
    if (issue.level === 'roster' || issue.sourcedId === undefined) {
      blockReasons.push({ code: issue.code, message: issue.message })
      continue
    }
    if (!parameters.quarantineEnabled || !QUARANTINABLE.has(issue.entity)) {
      unquarantinable.set(issue.code, (unquarantinable.get(issue.code) ?? 0) + 1)
      continue
    }
    const key = `${issue.entity}\u0000${issue.sourcedId}`
    const entry = pending.get(key)
    if (entry) {
      entry.count++
      if (!entry.codes.includes(issue.code)) entry.codes.push(issue.code)
    } else {
      pending.set(key, {
        entity: issue.entity,
        sourcedId: issue.sourcedId,
        codes: [issue.code],
        first: issue.message,
        count: 1,
      })
    }
  }
  for (const [code, count] of unquarantinable) {
    const where = parameters.quarantineEnabled ? ' on records that cannot be quarantined' : ''
    blockReasons.push({ code, message: `${count} ${code} error(s)${where}` })
  }

  const quarantined: QuarantinedRecord[] = []
  const quarantinedByGroup = new Map<string, number>()
  const quarantinedByEntity: Partial<Record<ValidationEntity, number>> = {}
  for (const entry of pending.values()) {
    const more = entry.count > 1 ? ` (and ${entry.count - 1} more issue(s))` : ''
    quarantined.push({
      entity: entry.entity,
      sourcedId: entry.sourcedId,
      codes: entry.codes,
      reason: entry.first + more,
    })
    quarantinedByEntity[entry.entity] = (quarantinedByEntity[entry.entity] ?? 0) + 1
    const group = quarantineGroup(entry, index)
    if (group) quarantinedByGroup.set(group, (quarantinedByGroup.get(group) ?? 0) + 1)
  }
  let usersByPrimary: Map<string, number> | undefined
  for (const [group, count] of quarantinedByGroup) {
    if (!COLLECTION_GROUPS.has(group)) usersByPrimary ??= countUsersByPrimaryCategory(roster)
    const total = COLLECTION_GROUPS.has(group)
      ? roster[group as 'classes' | 'courses' | 'enrollments'].length
      : (usersByPrimary?.get(group) ?? 0)
    const share = total === 0 ? 1 : count / total
    const max = parameters.maxQuarantineShare(group)
    if (share > max && parameters.severityOf('quarantine_limit_exceeded') !== 'off') {
      const message = `${count} of ${total} ${group} (${percent(share)}) would be quarantined; the limit is ${percent(max)}`
      issues.push({
        code: 'quarantine_limit_exceeded',
        severity: 'error',
        level: 'roster',
        entity: 'roster',
        path: [group],
        message,
        hint: ISSUE_CATALOG.quarantine_limit_exceeded.hint,
        rule: 'quarantine',
      })
      blockReasons.push({ code: 'quarantine_limit_exceeded', message })
    }
  }

  const blocked = blockReasons.length > 0
  return {
    ok: !blocked,
    blocked,
    blockReasons,
    issues,
    quarantined,
    summary: summarise(roster, parameters, issues, quarantinedByEntity),
  }
}

function quarantineGroup(entry: Pending, index: RosterIndex): string | undefined {
  if (entry.entity === 'users') {
    const user = index.users.get(entry.sourcedId)
    return user ? (primaryRoleCategory(user) ?? 'staff') : undefined
  }
  if (entry.entity === 'classes' || entry.entity === 'courses' || entry.entity === 'enrollments') return entry.entity
  return undefined
}

/** Quarantine groups that are whole collections; the others are users' primary role categories. */
const COLLECTION_GROUPS: ReadonlySet<string> = new Set(['classes', 'courses', 'enrollments'])

/**
 * Users by primary role category, in one pass over the users: quarantine counts users by primary
 * category, so the denominator must too.
 */
function countUsersByPrimaryCategory(roster: Roster): Map<string, number> {
  const counts = new Map<string, number>()
  for (const user of roster.users) {
    const category = primaryRoleCategory(user)
    if (category !== undefined) counts.set(category, (counts.get(category) ?? 0) + 1)
  }
  return counts
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}

function summarise(
  roster: Roster,
  parameters: ResolvedDistrictParameters,
  issues: readonly ValidationIssue[],
  quarantinedByEntity: Partial<Record<ValidationEntity, number>>,
): ValidationSummary {
  let errors = 0
  let warnings = 0
  const byCode = new Map<string, { severity: 'error' | 'warning'; count: number; hint?: string }>()
  for (const issue of issues) {
    if (issue.severity === 'error') errors++
    else warnings++
    const entry = byCode.get(issue.code)
    if (entry) {
      entry.count++
      // One code can carry both severities (a host rule, or a rule softening a default): errors win.
      if (issue.severity === 'error') entry.severity = 'error'
    } else {
      const hint = isBuiltInIssueCode(issue.code) ? ISSUE_CATALOG[issue.code].hint : issue.hint
      byCode.set(issue.code, { severity: issue.severity, count: 1, ...(hint === undefined ? {} : { hint }) })
    }
  }
  const counts: IssueCodeCount[] = [...byCode].map(([code, e]) => ({ code, ...e }))
  counts.sort((a, b) =>
    a.severity === b.severity ? b.count - a.count || a.code.localeCompare(b.code) : a.severity === 'error' ? -1 : 1,
  )
  const checked: Partial<Record<ValidationEntity, number>> = {}
  const activeOnly = parameters.recordProcessing === 'activeOnly'
  for (const name of ROSTER_COLLECTIONS) {
    const records: readonly { status: string }[] = roster[name]
    let n = records.length
    if (activeOnly) {
      n = 0
      for (const r of records) if (r.status === 'active') n++
    }
    checked[name] = n
  }
  return { errors, warnings, byCode: counts, quarantinedByEntity, checked }
}
