import { renderReportHtml } from './render-report-html.js'
import { renderReportText } from './render-report-text.js'
import type { SyncReportData } from './report-data.js'

/**
 * The report of one sync call, with its three renderings.
 *
 * @module
 */

/** The report of a preview, approve or run: data plus renderings fit to email. */
export interface SyncReport {
  /** The report's content. */
  readonly data: SyncReportData
  /** The content as plain JSON (what `JSON.stringify(report)` writes). */
  toJSON(): SyncReportData
  /** Plain text with fixed-width tables, for a terminal or a plain-text email. */
  toText(): string
  /** A self-contained HTML document with inline styles and every value escaped, for an email. */
  toHtml(): string
}

/**
 * Wraps report data with its renderings.
 * @param data - the report's content; it is deep-copied so later changes to it do not show
 * @example
 * ```ts
 * const report = createSyncReport(JSON.parse(savedJson))
 * await mailer.send({ subject: report.data.headline, html: report.toHtml(), text: report.toText() })
 * ```
 */
export function createSyncReport(data: SyncReportData): SyncReport {
  const frozen: SyncReportData = structuredClone(data)
  return {
    data: frozen,
    toJSON: () => structuredClone(frozen),
    toText: () => renderReportText(frozen),
    toHtml: () => renderReportHtml(frozen),
  }
}
