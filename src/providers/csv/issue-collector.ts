import { createSourceIssueCollector, type SourceIssueCollector } from '../../model/index.js'
import { CSV_ISSUE_CATALOG, type CsvIssue, type CsvIssueCode } from './issue-catalog.js'
import { sourceIssueOf } from './source-issue-of.js'

/** The details of an issue other than its code and severity. */
export type CsvIssueDetails = Omit<CsvIssue, 'code' | 'severity'>

/**
 * Collects issues, applies the strict-mode escalation and caps how many of one code are listed per
 * file, so a systematic defect in a million-row file yields a readable report, not a million issues.
 */
export class IssueCollector {
  readonly issues: CsvIssue[] = []
  /** Every issue, capped ones included, counted in the shape the roster carries as `sourceIssues`. */
  readonly source: SourceIssueCollector = createSourceIssueCollector()
  private readonly counts = new Map<string, number>()
  private readonly strict: boolean
  private readonly cap: number

  constructor(strict: boolean, cap: number) {
    this.strict = strict
    this.cap = cap
  }

  /** Adds an issue; returns false when it was only counted because the cap was reached. */
  add(code: CsvIssueCode, details: CsvIssueDetails): boolean {
    const key = `${code}\u0000${details.file ?? ''}`
    const seen = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, seen)
    const base = CSV_ISSUE_CATALOG[code].severity
    const severity = this.strict && base === 'warning' ? 'error' : base
    const issue: CsvIssue = { code, severity, ...details }
    this.source.add(sourceIssueOf(issue))
    if (seen > this.cap) return false
    if (issue.value !== undefined && issue.value.length > 80) issue.value = `${issue.value.slice(0, 77)}...`
    this.issues.push(issue)
    return true
  }

  /** True when an error has been recorded. */
  hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error')
  }

  /** Adds one `issues_truncated` note per capped code and file, then returns every issue. */
  finish(): CsvIssue[] {
    for (const [key, count] of this.counts) {
      if (count <= this.cap) continue
      const [code, file] = key.split('\u0000') as [string, string]
      this.issues.push({
        code: 'issues_truncated',
        severity: 'info',
        message: `${count - this.cap} more ${code} issue(s) not listed (${count} in all)`,
        ...(file === '' ? {} : { file }),
        value: code,
      })
    }
    return this.issues
  }
}
