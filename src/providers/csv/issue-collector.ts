import { createSourceIssueCollector, emptySourceIssueSummary, type SourceIssueSummary } from '../../model/index.js'
import { CSV_ISSUE_CATALOG, type CsvIssue, type CsvIssueCode, type CsvIssueSeverity } from './issue-catalog.js'
import { sourceIssueOf } from './source-issue-of.js'

/** The details of an issue other than its code and severity. */
export type CsvIssueDetails = Omit<CsvIssue, 'code' | 'severity'>

/**
 * Collects issues, applies the strict-mode escalation and caps how many of one code are listed per
 * file, so a systematic defect in a million-row file yields a readable report, not a million issues.
 */
export class IssueCollector {
  readonly issues: CsvIssue[] = []
  private readonly counts = new Map<string, number>()
  private readonly ignored = new Set<string>()
  private readonly strict: boolean
  private readonly cap: number
  private summary: SourceIssueSummary = emptySourceIssueSummary()

  constructor(strict: boolean, cap: number) {
    this.strict = strict
    this.cap = cap
  }

  /** Adds an issue; returns false when it was only counted because the cap was reached. */
  add(code: CsvIssueCode, details: CsvIssueDetails): boolean {
    const key = `${code}\u0000${details.file ?? ''}`
    const seen = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, seen)
    if (seen > this.cap) return false
    const issue: CsvIssue = { code, severity: this.severityOf(code), ...details }
    if (issue.value !== undefined && issue.value.length > 80) issue.value = `${issue.value.slice(0, 77)}...`
    this.issues.push(issue)
    return true
  }

  /**
   * Marks a file the bundle carries but the reader ignores (declared absent, or not of the version):
   * what is wrong inside it cannot harm the roster, so its errors are reported as warnings.
   */
  ignoreFile(file: string): void {
    this.ignored.add(file)
  }

  /** True when an error has been recorded. */
  hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error')
  }

  /**
   * Every issue, counted past the listing cap, in the shape the roster carries as `sourceIssues`.
   * Complete once {@link finish} has run.
   */
  sourceSummary(): SourceIssueSummary {
    return this.summary
  }

  /** Settles the issues of ignored files, counts every issue, adds one `issues_truncated` note per capped code and file, then returns every issue. */
  finish(): CsvIssue[] {
    for (const issue of this.issues) {
      if (issue.severity === 'error' && this.ignores(issue.file, issue.code)) issue.severity = 'warning'
    }
    const source = createSourceIssueCollector()
    for (const issue of this.issues) source.add(sourceIssueOf(issue))
    const summary = source.summary()
    for (const [key, count] of this.counts) {
      if (count <= this.cap) continue
      const [code, file] = key.split('\u0000') as [CsvIssueCode, string]
      const extra = count - this.cap
      let severity = this.severityOf(code)
      if (severity === 'error' && this.ignores(file, code)) severity = 'warning'
      summary.total += extra
      summary.bySeverity[severity] += extra
      const entry = summary.byCode[code]
      if (entry === undefined) summary.byCode[code] = { severity, count: extra }
      else entry.count += extra
      this.issues.push({
        code: 'issues_truncated',
        severity: 'info',
        message: `${extra} more ${code} issue(s) not listed (${count} in all)`,
        ...(file === '' ? {} : { file }),
        value: code,
      })
    }
    this.summary = summary
    return this.issues
  }

  private severityOf(code: CsvIssueCode): CsvIssueSeverity {
    const base = CSV_ISSUE_CATALOG[code].severity
    return this.strict && base === 'warning' ? 'error' : base
  }

  private ignores(file: string | undefined, code: CsvIssueCode): boolean {
    return file !== undefined && this.ignored.has(file) && code !== 'file_present_but_absent'
  }
}
