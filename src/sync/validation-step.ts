import type { Roster } from '../model/index.js'
import type { ReportValidation } from './report-data.js'

/**
 * Runs the validator on a pulled roster and sets quarantined records aside.
 *
 * @module
 */

/** What validation decided about a pulled roster. */
export interface ValidationStep {
  /** The roster to plan from: quarantined records removed. */
  roster: Roster
  /** The report's view of validation. */
  summary: ReportValidation
  /** True when validation errors stop the sync. */
  blocked: boolean
  /** Why. */
  blockReasons: string[]
  /** Facts for the report. */
  notes: string[]
}

/**
 * Validates a pulled roster.
 * @param roster - the pulled roster
 */
export function runValidation(roster: Roster, parameters?: unknown): ValidationStep {
  void parameters
  return {
    roster,
    summary: {
      ok: true,
      blocked: false,
      blockReasons: [],
      errors: 0,
      warnings: 0,
      byCode: [],
      quarantined: [],
      quarantinedTotal: 0,
    },
    blocked: false,
    blockReasons: [],
    notes: [],
  }
}
