import type { ValidationSeverity } from './issue-catalog.js'
import type { ValidationEntity, ValidationIssue } from './issues.js'

/**
 * The result of `validateRoster`: issues as data, records set aside, what blocks the sync, and
 * counts for a summary.
 *
 * @module
 */

/** A record set aside by quarantine, with why. */
export interface QuarantinedRecord {
  /** Its collection. */
  readonly entity: ValidationEntity
  /** Its sourcedId. */
  readonly sourcedId: string
  /** Codes of the errors that set it aside, without repeats. */
  readonly codes: readonly string[]
  /** Why it was set aside, for people (the first error's message, and how many more). */
  readonly reason: string
}

/** Why the roster as a whole cannot be synced. */
export interface BlockReason {
  /** The issue code behind it (`quarantine_limit_exceeded`, `no_students`, or an error's code). */
  readonly code: string
  /** For people. */
  readonly message: string
}

/** Counts of one issue code. */
export interface IssueCodeCount {
  /** The code. */
  readonly code: string
  /** Its severity (after the district's overrides). */
  readonly severity: ValidationSeverity
  /** How many issues carry it. */
  readonly count: number
  /** The catalog hint, or the first issue's hint for a host rule's code. */
  readonly hint?: string
}

/** Counts over the whole report. */
export interface ValidationSummary {
  /** Issues of severity `error`, quarantined or not. */
  readonly errors: number
  /** Issues of severity `warning`. */
  readonly warnings: number
  /** Per code, errors first, then by descending count. */
  readonly byCode: readonly IssueCodeCount[]
  /** Quarantined records per collection. */
  readonly quarantinedByEntity: Readonly<Partial<Record<ValidationEntity, number>>>
  /** Records checked per collection (after record processing). */
  readonly checked: Readonly<Partial<Record<ValidationEntity, number>>>
}

/** What `validateRoster` found. */
export interface ValidationReport {
  /** True when nothing blocks the sync (errors, if any, all sit on quarantined records). */
  readonly ok: boolean
  /** True when the roster cannot be synced as it is; the opposite of {@link ok}. */
  readonly blocked: boolean
  /** Why it is blocked; empty when {@link ok}. */
  readonly blockReasons: readonly BlockReason[]
  /** Every issue, in rule order then roster order. */
  readonly issues: readonly ValidationIssue[]
  /** Records set aside (empty unless the parameters enable quarantine). */
  readonly quarantined: readonly QuarantinedRecord[]
  /** Counts by code and severity. */
  readonly summary: ValidationSummary
  /** Plain-text rendering for people (see `renderValidationText`). */
  toText(options?: RenderValidationTextOptions): string
}

/** Options of the plain-text rendering. */
export interface RenderValidationTextOptions {
  /**
   * Examples listed per code.
   * @default 3
   */
  examplesPerCode?: number | undefined
  /**
   * Quarantined records listed.
   * @default 20
   */
  maxQuarantined?: number | undefined
}
