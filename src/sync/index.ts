/**
 * Sync orchestration: test connection, test sync (preview), approve and scheduled runs, with
 * reports in JSON, plain text and HTML, and a serialisable state for incremental runs.
 *
 * @module
 */

export { createRosterSync, type RosterSync } from './create-roster-sync.js'
export { applyDataCategories, type DataCategories } from './data-categories.js'
export { escapeHtml, renderReportHtml } from './render-report-html.js'
export { renderReportText } from './render-report-text.js'
export type * from './report-data.js'
export type { ReportOptions, ReportRenderOptions } from './report-format.js'
export { createSyncReport, type SyncReport } from './sync-report.js'
export {
  parseSyncState,
  type SyncCheckpoint,
  SyncCheckpointSchema,
  type SyncState,
  type SyncStateInput,
  SyncStateSchema,
} from './sync-state.js'
export type * from './types.js'
