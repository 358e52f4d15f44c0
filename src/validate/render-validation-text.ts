import type { ValidationIssue } from './issues.js'
import type { RenderValidationTextOptions, ValidationReport } from './report.js'

/**
 * Plain-text rendering of a validation report, for people: the verdict, why it is blocked, counts by
 * code with a hint and a few examples, and the quarantined records.
 *
 * @module
 */

function describe(issue: ValidationIssue): string {
  const where = issue.sourcedId === undefined ? issue.entity : `${issue.entity} ${issue.sourcedId}`
  const path = issue.path.length > 0 ? ` ${issue.path.join('.')}` : ''
  return `${where}${path}: ${issue.message}`
}

/**
 * Renders a validation report as plain text.
 * @param report - a report from `validateRoster`
 * @param options - how many examples and quarantined records to list
 */
export function renderValidationText(
  report: Omit<ValidationReport, 'toText'>,
  options: RenderValidationTextOptions = {},
): string {
  const examplesPerCode = options.examplesPerCode ?? 3
  const maxQuarantined = options.maxQuarantined ?? 20
  const { summary } = report
  const lines: string[] = []
  const verdict = report.blocked ? 'BLOCKED' : report.quarantined.length > 0 ? 'OK with quarantine' : 'OK'
  lines.push(`Roster validation: ${verdict}`)
  lines.push(
    `${summary.errors} error(s), ${summary.warnings} warning(s), ${report.quarantined.length} record(s) quarantined`,
  )
  if (report.blockReasons.length > 0) {
    lines.push('', 'Blocked because:')
    for (const reason of report.blockReasons) lines.push(`  - ${reason.message} [${reason.code}]`)
  }
  if (summary.byCode.length > 0) {
    const examples = new Map<string, ValidationIssue[]>()
    for (const issue of report.issues) {
      const list = examples.get(issue.code) ?? []
      if (list.length < examplesPerCode) list.push(issue)
      examples.set(issue.code, list)
    }
    lines.push('', 'Issues:')
    for (const entry of summary.byCode) {
      lines.push(`  ${entry.severity.padEnd(7)} ${entry.code} × ${entry.count}`)
      if (entry.hint) lines.push(`          hint: ${entry.hint}`)
      for (const issue of examples.get(entry.code) ?? []) lines.push(`          e.g. ${describe(issue)}`)
    }
  }
  if (report.quarantined.length > 0) {
    lines.push('', 'Quarantined:')
    for (const record of report.quarantined.slice(0, maxQuarantined)) {
      lines.push(`  ${record.entity} ${record.sourcedId}: ${record.reason} [${record.codes.join(', ')}]`)
    }
    const rest = report.quarantined.length - maxQuarantined
    if (rest > 0) lines.push(`  … and ${rest} more`)
  }
  return `${lines.join('\n')}\n`
}
