import type { RosterCollection } from '../model/index.js'
import type { ValidationIssueCode, ValidationIssueLevel, ValidationSeverity } from './issue-catalog.js'

/**
 * The shape of a validation issue: data, never an exception, like a zod issue.
 *
 * @module
 */

/** What an issue is about: a roster collection, or `roster` for the roster as a whole. */
export type ValidationEntity = RosterCollection | 'roster'

/** One finding of the validator or of a host rule. */
export interface ValidationIssue {
  /** Stable code: a built-in {@link ValidationIssueCode} or a host rule's own. */
  readonly code: ValidationIssueCode | (string & {})
  /** `error` blocks the sync unless the record is quarantined; `warning` never does. */
  readonly severity: ValidationSeverity
  /** `record` issues can be quarantined with their record; `roster` issues concern the whole roster. */
  readonly level: ValidationIssueLevel
  /** The collection of the record, or `roster`. */
  readonly entity: ValidationEntity
  /** The record's sourcedId, for record-level issues. */
  readonly sourcedId?: string
  /** Path of the offending field inside the record, zod-style, e.g. `['roles', 0, 'orgSourcedId']`. */
  readonly path: readonly (string | number)[]
  /** What is wrong, for people. */
  readonly message: string
  /** What a person can do about it. */
  readonly hint?: string
  /** Name of the rule that raised it. */
  readonly rule: string
}

/**
 * What a rule reports. Built-in codes take their severity, level and hint from the catalog when left
 * out; a host rule's own codes default to `error`, and to `record` level when a sourcedId is given.
 */
export interface ValidationIssueInput {
  /** Stable code. */
  code: ValidationIssueCode | (string & {})
  /** Severity; defaults from the catalog, else `error`. */
  severity?: ValidationSeverity | undefined
  /** Level; defaults from the catalog, else `record` when `sourcedId` is set. */
  level?: ValidationIssueLevel | undefined
  /** The collection of the record, or `roster`. */
  entity: ValidationEntity
  /** The record's sourcedId. */
  sourcedId?: string | undefined
  /** Path of the offending field. @default [] */
  path?: readonly (string | number)[] | undefined
  /** What is wrong, for people. */
  message: string
  /** What a person can do; defaults from the catalog. */
  hint?: string | undefined
}
