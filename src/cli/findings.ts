import type { CsvIssue } from '../providers/csv/index.js'
import type { ValidationIssue } from '../validate/index.js'
import { inCliTerms } from './exit-codes.js'

/**
 * One list of what `rosterkit validate` found: the CSV reader's file-level issues and the roster
 * validator's, errors first, grouped by code, each finding reported once.
 *
 * @module
 */

/** One finding, from either checker. */
export interface Finding {
  /** `error` blocks a sync. */
  severity: 'error' | 'warning' | 'info'
  /** Stable issue code. */
  code: string
  /** Where: a file and line, or a record. */
  where: string
  /** What is wrong. */
  message: string
  /** What to do about it. */
  hint?: string | undefined
}

/** Findings of one code. */
export interface FindingGroup {
  /** The severity shared by the group. */
  severity: Finding['severity']
  /** The code. */
  code: string
  /** How many. */
  count: number
  /** What to do about it. */
  hint?: string | undefined
  /** Every finding of the code. */
  findings: Finding[]
}

// CSV reader codes the roster validator reports too, under its own name, for the same record. The
// validator's finding is kept: its severity is the one that decides whether the sync may run.
const SAME_AS: Readonly<Record<string, string>> = {
  reference_missing: 'dangling_reference',
  sourced_id_duplicate: 'duplicate_sourced_id',
  date_range_invalid: 'date_range_reversed',
  enum_invalid: 'invalid_enum',
  date_invalid: 'invalid_date',
  datetime_invalid: 'invalid_date',
  grade_not_ceds: 'grade_not_ceds',
}

// The roster collection a CSV file's records land in.
function entityOfFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  const name = file.replace(/^.*\//, '').replace(/\.csv$/i, '')
  return name === 'roles' || name === 'userProfiles' || name === 'userIds' ? 'users' : name
}

const SEVERITY_ORDER: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, info: 2 }

/**
 * Merges the two checkers' issues: a CSV issue the validator reports too for the same record is
 * dropped, so one dangling reference is never listed twice with two severities.
 * @param csvIssues - the CSV reader's issues (none for a live source)
 * @param issues - the roster validator's issues
 */
export function mergeFindings(csvIssues: readonly CsvIssue[], issues: readonly ValidationIssue[]): Finding[] {
  const reported = new Set(issues.map((i) => `${i.code}\u0000${i.entity ?? ''}\u0000${i.sourcedId ?? ''}`))
  const findings: Finding[] = []
  for (const issue of csvIssues) {
    const same = SAME_AS[issue.code]
    const entity = entityOfFile(issue.file)
    if (
      same !== undefined &&
      issue.sourcedId !== undefined &&
      reported.has(`${same}\u0000${entity}\u0000${issue.sourcedId}`)
    ) {
      continue
    }
    const where = [issue.file, issue.line === undefined ? undefined : `line ${issue.line}`, issue.column]
      .filter((part) => part !== undefined && part !== '')
      .join(' ')
    findings.push({ severity: issue.severity, code: issue.code, where, message: issue.message })
  }
  for (const issue of issues) {
    const path = issue.path && issue.path.length > 0 ? ` ${issue.path.join('.')}` : ''
    const where = issue.entity === undefined ? '' : `${issue.entity} ${issue.sourcedId ?? ''}${path}`.trim()
    findings.push({ severity: issue.severity, code: issue.code, where, message: issue.message, hint: issue.hint })
  }
  return findings
}

/**
 * Groups findings by code: errors first, then warnings, then notes; within a severity the
 * commonest code first.
 * @param findings - from {@link mergeFindings}
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>()
  for (const finding of findings) {
    const key = `${finding.severity}\u0000${finding.code}`
    let group = groups.get(key)
    if (group === undefined) {
      group = { severity: finding.severity, code: finding.code, count: 0, hint: finding.hint, findings: [] }
      groups.set(key, group)
    }
    group.count++
    group.hint ??= finding.hint
    group.findings.push(finding)
  }
  return [...groups.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.code.localeCompare(b.code),
  )
}

/**
 * Writes groups for a terminal: a line per code with its count and hint, then its first examples.
 * @param groups - from {@link groupFindings}
 * @param examples - examples shown per code
 */
export function renderFindingGroups(groups: readonly FindingGroup[], examples = 3): string {
  const lines: string[] = []
  for (const group of groups) {
    lines.push(`${group.severity.toUpperCase().padEnd(7)} ${group.code} ×${group.count}`)
    if (group.hint) lines.push(`        hint: ${inCliTerms(group.hint)}`)
    for (const f of group.findings.slice(0, examples))
      lines.push(`        - ${f.where ? `${f.where}: ` : ''}${f.message}`)
    if (group.count > examples) lines.push(`        … and ${group.count - examples} more (--json lists all)`)
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
