import { renderReportHtml } from './render-report-html.js'
import { renderReportText } from './render-report-text.js'
import type { SyncReportData } from './report-data.js'
import { type ReportRenderOptions, resolveRenderOptions } from './report-format.js'

/**
 * The report of one sync call, with its three renderings.
 *
 * @module
 */

/** The report of a preview, approve or run: data plus renderings fit to email. */
export interface SyncReport {
  /** The report's content. */
  readonly data: SyncReportData
  /** The content as plain JSON (what `JSON.stringify(report)` writes): every record, no cap. */
  toJSON(): SyncReportData
  /**
   * Plain text with fixed-width tables, for a terminal or a plain-text email.
   * @param options - time zone and list length; the report's defaults when left out
   */
  toText(options?: ReportRenderOptions): string
  /**
   * A self-contained HTML document with inline styles and every value escaped, for an email.
   * @param options - time zone and list length; the report's defaults when left out
   */
  toHtml(options?: ReportRenderOptions): string
}

/**
 * Brings report data of format 1 (before holds, schools and record-level changes) to the current
 * shape, so stored reports still render.
 */
function upgrade(data: SyncReportData): SyncReportData {
  const d = data as SyncReportData & { formatVersion: number; plan?: { unmatchedSchools?: unknown } }
  if ((d.formatVersion as number) !== 1) return data
  const holds = (Array.isArray(d.held) ? d.held : []).map((message) => ({
    kind: 'review' as const,
    message,
    release: 'A person reviews the report and approves it.',
  }))
  const out: SyncReportData = { ...data, formatVersion: 2, holds }
  if (d.plan) {
    const legacy = d.plan as unknown as Record<string, unknown>
    const unmatched = Array.isArray(legacy.unmatchedSchools) ? (legacy.unmatchedSchools as SyncReportData['holds']) : []
    out.plan = {
      ...d.plan,
      schools: d.plan.schools ?? { matched: [], unmatched: unmatched as never, whenUnmatched: 'hold' },
      changes: d.plan.changes ?? {
        archives: [],
        updates: [],
        creates: [],
        skips: [],
        omitted: { archives: 0, updates: 0, creates: 0 },
      },
    }
  }
  if (out.pull) {
    out.pull = {
      ...out.pull,
      collections: out.pull.collections.map((c) => ({
        ...c,
        state: c.state ?? (c.complete ? 'complete' : 'incomplete'),
      })),
    }
  }
  return out
}

/**
 * Wraps report data with its renderings.
 * @param data - the report's content (format 2, or 1 from an older stored report); it is deep-copied
 *   so later changes to it do not show
 * @param defaults - rendering options used when `toText`/`toHtml` get none, e.g. the district's time zone
 * @throws {ConfigurationError} when the default options are invalid (an unknown time zone)
 * @example
 * ```ts
 * const report = createSyncReport(JSON.parse(savedJson), { timeZone: 'America/Chicago' })
 * await mailer.send({ subject: report.data.headline, html: report.toHtml(), text: report.toText() })
 * ```
 */
export function createSyncReport(data: SyncReportData, defaults: ReportRenderOptions = {}): SyncReport {
  resolveRenderOptions(defaults)
  const frozen: SyncReportData = structuredClone(upgrade(data))
  return {
    data: frozen,
    toJSON: () => structuredClone(frozen),
    toText: (options) => renderReportText(frozen, { ...defaults, ...options }),
    toHtml: (options) => renderReportHtml(frozen, { ...defaults, ...options }),
  }
}
