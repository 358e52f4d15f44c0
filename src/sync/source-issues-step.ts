import {
  emptySourceIssueSummary,
  ROSTER_COLLECTIONS,
  type Roster,
  type RosterCollection,
  type SourceIssue,
  type SourceIssueSeverity,
  type SourceIssueSummary,
} from '../model/index.js'
import type { ValidationRule } from '../validate/index.js'
import type { ReportSourceIssueGroup, ReportSourceIssues } from './report-data.js'
import { countNoun } from './report-format.js'

/**
 * Puts what the source reader found (`roster.sourceIssues`) in front of the person who approves:
 * into validation, where source errors quarantine their record or block the sync exactly as
 * validation errors do, and into the report, grouped by code.
 *
 * @module
 */

/** The validation code under which source-reader errors quarantine or block. */
export const SOURCE_ERROR_CODE = 'source_error'

/** Examples per code that the text and HTML renderings show; the JSON keeps every sample. */
export const SOURCE_EXAMPLES_SHOWN = 3

const SOURCE_ERROR_HINT =
  'The source reader could not read these records as sent (see "Source issues"). Fix the export or the records in the SIS, then run the test sync again.'

interface LegacyWireWarnings {
  total: number
  counts: Record<string, number>
  samples: Array<{ code: string; path?: string; sourcedId?: string; message: string }>
}

function isLegacyWireWarnings(value: unknown): value is LegacyWireWarnings {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<LegacyWireWarnings>
  return typeof v.total === 'number' && typeof v.counts === 'object' && Array.isArray(v.samples)
}

/**
 * The source issues of a pulled roster: `roster.sourceIssues`, or, from a source that still
 * reports its warnings only in `metadata.warnings` (the OneRoster wire reader's `{ total, counts,
 * samples }`), those as warnings.
 * @param roster - the pulled roster
 */
export function readSourceIssues(roster: Roster): SourceIssueSummary {
  if (roster.sourceIssues) return roster.sourceIssues
  const legacy = roster.metadata?.warnings
  if (!isLegacyWireWarnings(legacy) || legacy.total === 0) return emptySourceIssueSummary()
  const byCode: SourceIssueSummary['byCode'] = {}
  for (const [code, count] of Object.entries(legacy.counts)) byCode[code] = { severity: 'warning', count }
  return {
    total: legacy.total,
    bySeverity: { error: 0, warning: legacy.total, info: 0 },
    byCode,
    samples: legacy.samples.map((w) => ({
      code: w.code,
      severity: 'warning',
      message: w.message,
      ...(w.sourcedId === undefined ? {} : { sourcedId: w.sourcedId }),
      ...(w.path === undefined || w.path === '' ? {} : { location: w.path }),
    })),
  }
}

function where(issue: SourceIssue): string {
  return issue.location ? ` (${issue.location})` : ''
}

/**
 * A validation rule that turns source-reader errors into validation errors: a record the reader
 * named is quarantined (left out, and its collection archives nothing); an error that names no
 * record, or errors the reader only counted, block the sync.
 * @param summary - the roster's source issues
 */
export function sourceIssuesRule(summary: SourceIssueSummary): ValidationRule {
  return {
    name: 'source-issues',
    check(context) {
      const sampled = new Map<string, number>()
      for (const issue of summary.samples) {
        sampled.set(issue.code, (sampled.get(issue.code) ?? 0) + 1)
        if (issue.severity !== 'error') continue
        const message = `${issue.code}: ${issue.message}${where(issue)}`
        const collection = issue.collection
        if (collection !== undefined && issue.sourcedId !== undefined) {
          context.report({
            code: SOURCE_ERROR_CODE,
            severity: 'error',
            level: 'record',
            entity: collection,
            sourcedId: issue.sourcedId,
            message,
            hint: SOURCE_ERROR_HINT,
          })
        } else {
          context.report({
            code: SOURCE_ERROR_CODE,
            severity: 'error',
            level: 'roster',
            entity: collection ?? 'roster',
            message,
            hint: SOURCE_ERROR_HINT,
          })
        }
      }
      // Errors beyond the samples cannot be tied to a record, so only a person can judge them.
      for (const [code, entry] of Object.entries(summary.byCode)) {
        if (entry.severity !== 'error') continue
        const unnamed = entry.count - (sampled.get(code) ?? 0)
        if (unnamed <= 0) continue
        context.report({
          code: SOURCE_ERROR_CODE,
          severity: 'error',
          level: 'roster',
          entity: 'roster',
          message: `${code}: ${countNoun(unnamed, 'more issue')} of this code than the source reader itemised`,
          hint: SOURCE_ERROR_HINT,
        })
      }
    },
  }
}

const SEVERITY_ORDER: Readonly<Record<SourceIssueSeverity, number>> = { error: 0, warning: 1, info: 2 }

/**
 * The report's view of the source issues: per code, worst first, with every sample the reader kept
 * (renderings show the first {@link SOURCE_EXAMPLES_SHOWN}).
 * @param summary - the roster's source issues
 */
export function summariseSourceIssues(summary: SourceIssueSummary): ReportSourceIssues {
  const groups = new Map<string, ReportSourceIssueGroup>()
  for (const [code, entry] of Object.entries(summary.byCode)) {
    groups.set(code, { code, severity: entry.severity, count: entry.count, collections: [], examples: [] })
  }
  for (const issue of summary.samples) {
    const group = groups.get(issue.code)
    if (!group) continue
    group.examples.push(issue)
    if (issue.collection !== undefined && !group.collections.includes(issue.collection)) {
      group.collections.push(issue.collection)
    }
  }
  const order = (c: RosterCollection) => ROSTER_COLLECTIONS.indexOf(c)
  const byCode = [...groups.values()]
  for (const g of byCode) g.collections.sort((a, b) => order(a) - order(b))
  byCode.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.code.localeCompare(b.code),
  )
  return { total: summary.total, bySeverity: { ...summary.bySeverity }, byCode }
}
