import { z } from 'zod'
import { ROSTER_COLLECTIONS } from './roster-collections.js'

/**
 * Problems a source reader found while turning its input into a roster (a CSV row cut short, a wire
 * record of the wrong shape, a value normalised), in one shape for every provider, so the sync can
 * put them in front of the person who approves and in the report.
 *
 * @module
 */

/** How much a source issue matters: `error` blocks a sync like a validation error does. */
export const SourceIssueSeveritySchema = z.enum(['error', 'warning', 'info'])
/** How much a source issue matters. */
export type SourceIssueSeverity = z.infer<typeof SourceIssueSeveritySchema>

/** One problem a source reader found. Carries ids and places, never record values that could be secrets. */
export const SourceIssueSchema = z.object({
  /** The provider's stable code, e.g. `row_too_short` (CSV) or `missing-required` (REST). */
  code: z.string(),
  /** `error` blocks the sync; `warning` and `info` are shown to the person who approves. */
  severity: SourceIssueSeveritySchema,
  /** What was found and what rosterkit did about it, for people. */
  message: z.string(),
  /** The collection concerned, when known. */
  collection: z.enum(ROSTER_COLLECTIONS).optional(),
  /** sourcedId of the record concerned, when known. */
  sourcedId: z.string().optional(),
  /** Where: `users.csv:42` (file:line), `users.csv:42:givenName`, or an endpoint such as `GET /users`. */
  location: z.string().optional(),
  /** What the reader did with the record: kept as is, kept after normalising a value, or left out. */
  action: z.enum(['kept', 'normalised', 'skipped']).optional(),
})
/** One problem a source reader found. */
export type SourceIssue = z.infer<typeof SourceIssueSchema>

/** Every source issue of one pull, counted by code, with the first ones kept in full. */
export const SourceIssueSummarySchema = z.object({
  /** Issues found in all. */
  total: z.number().int().nonnegative(),
  /** Issues per severity. */
  bySeverity: z.object({
    error: z.number().int().nonnegative(),
    warning: z.number().int().nonnegative(),
    info: z.number().int().nonnegative(),
  }),
  /** Issues per code, with the severity of that code. */
  byCode: z.record(
    z.string(),
    z.object({ severity: SourceIssueSeveritySchema, count: z.number().int().nonnegative() }),
  ),
  /** The first issues of each code, up to a per-code limit, in the order found. */
  samples: z.array(SourceIssueSchema),
})
/** Every source issue of one pull, counted by code. */
export type SourceIssueSummary = z.infer<typeof SourceIssueSummarySchema>

/** Collects source issues while a pull runs. */
export interface SourceIssueCollector {
  /** Records one issue. */
  add(issue: SourceIssue): void
  /** The summary so far (a copy). */
  summary(): SourceIssueSummary
}

/**
 * Starts collecting source issues: every issue is counted, the first `samplesPerCode` of each code
 * are kept in full, so a pull over a million dirty records reports the pattern in bounded memory.
 * @param samplesPerCode - how many issues of each code to keep in full
 * @default 20
 */
export function createSourceIssueCollector(samplesPerCode = 20): SourceIssueCollector {
  const byCode: SourceIssueSummary['byCode'] = {}
  const bySeverity = { error: 0, warning: 0, info: 0 }
  const samples: SourceIssue[] = []
  let total = 0
  return {
    add(issue) {
      total++
      bySeverity[issue.severity]++
      const entry = byCode[issue.code]
      // A code that appears with two severities is reported at the worse one.
      if (entry === undefined) byCode[issue.code] = { severity: issue.severity, count: 1 }
      else {
        entry.count++
        if (severityRank(issue.severity) > severityRank(entry.severity)) entry.severity = issue.severity
      }
      if ((byCode[issue.code]?.count ?? 0) <= samplesPerCode) samples.push(issue)
    },
    summary: () => ({
      total,
      bySeverity: { ...bySeverity },
      byCode: Object.fromEntries(Object.entries(byCode).map(([code, e]) => [code, { ...e }])),
      samples: [...samples],
    }),
  }
}

/** An empty summary, for rosters whose source found nothing to report. */
export function emptySourceIssueSummary(): SourceIssueSummary {
  return { total: 0, bySeverity: { error: 0, warning: 0, info: 0 }, byCode: {}, samples: [] }
}

function severityRank(severity: SourceIssueSeverity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0
}
