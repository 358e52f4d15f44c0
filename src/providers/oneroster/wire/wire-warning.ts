/**
 * Departures from the OneRoster spec found while reading wire records, kept as data.
 *
 * @module
 */

/** Stable codes of the departures the tolerant reader normalises. */
export type WireWarningCode =
  | 'boolean-as-string'
  | 'boolean-as-json'
  | 'boolean-as-number'
  | 'null-value'
  | 'missing-required'
  | 'wrong-type'
  | 'unknown-field'
  | 'enum-casing'
  | 'unknown-enum'
  | 'legacy-status'
  | 'relative-href'
  | 'broken-href'
  | 'href-scheme'
  | 'bare-reference'
  | 'date-format'
  | 'empty-list'
  | 'string-as-list'
  | 'bare-array'
  | 'missing-envelope'
  | 'grade-form'
  | 'record-skipped'
  | 'value-too-long'
  | 'metadata-bounded'

/** One departure from the spec, found in one record. Never contains record values beyond ids. */
export interface WireWarning {
  /** What kind of departure. */
  code: WireWarningCode
  /** Field path inside the record, e.g. `roles.0.role`. */
  path: string
  /** sourcedId of the record, when it had one. */
  sourcedId?: string
  /** What was found and what rosterkit did with it, for people. */
  message: string
}

/** Receives the departures the tolerant reader found. */
export type WarningSink = (warning: WireWarning) => void

/**
 * Keeps the first `limit` warnings and counts every one by code, so a pull over a million dirty
 * records reports the pattern without holding a million messages.
 */
export class WarningCollector {
  /** The first warnings found, up to the limit. */
  readonly samples: WireWarning[] = []
  /** How many warnings were found per code. */
  readonly counts: Partial<Record<WireWarningCode, number>> = {}
  /** Total warnings found. */
  total = 0
  readonly #limit: number

  /**
   * @param limit - how many warnings to keep in full
   * @default 200
   */
  constructor(limit = 200) {
    this.#limit = limit
  }

  /** Records one warning; pass this as a {@link WarningSink}. */
  readonly add: WarningSink = (warning) => {
    this.total++
    this.counts[warning.code] = (this.counts[warning.code] ?? 0) + 1
    if (this.samples.length < this.#limit) this.samples.push(warning)
  }

  /** A JSON-safe summary for reports. */
  toJSON(): { total: number; counts: Partial<Record<WireWarningCode, number>>; samples: WireWarning[] } {
    return { total: this.total, counts: { ...this.counts }, samples: [...this.samples] }
  }
}
