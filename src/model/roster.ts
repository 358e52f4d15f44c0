import { z } from 'zod'
import { type ErrorIssue, ModelValidationError } from '../errors.js'
import {
  AcademicSessionSchema,
  ClassSchema,
  CourseSchema,
  DateTimeStringSchema,
  DemographicsSchema,
  EnrollmentSchema,
  OrgSchema,
  UserSchema,
} from './records.js'
import { ROSTER_COLLECTIONS } from './roster-collections.js'
import { SourceIssueSummarySchema } from './source-issues.js'
import { SourceKindSchema } from './vocabulary.js'

/**
 * The `Roster` container: every collection of one pull, where it came from, and whether each
 * collection was read completely. Later layers refuse to archive anything from an incomplete roster.
 *
 * @module
 */

export { ROSTER_COLLECTIONS, type RosterCollection } from './roster-collections.js'

/** Whether one collection was read completely, and what is known about it. */
export const CollectionCompletenessSchema = z.object({
  /** True only when the reader proved every record was read. */
  complete: z.boolean(),
  /** Records received. */
  received: z.number().int().nonnegative(),
  /** Records the source said it had, when it said. */
  expected: z.number().int().nonnegative().optional(),
  /** Why the collection is not complete, or a caveat about the proof. */
  reason: z.string().optional(),
})
/** Whether one collection was read completely. */
export type CollectionCompleteness = z.infer<typeof CollectionCompletenessSchema>

/** Describes the source of a roster. */
export const RosterSourceInfoSchema = z.object({
  /** Kind of source. */
  kind: SourceKindSchema,
  /** Version of the source's format or API, e.g. `1.1`, `1.2`, `3.0`. */
  version: z.string().optional(),
  /** A label for people: vendor name, bundle file name, district name. */
  label: z.string().optional(),
  /** Vendor profile used, for REST sources. */
  vendor: z.string().optional(),
})
/** Describes the source of a roster. */
export type RosterSourceInfo = z.infer<typeof RosterSourceInfoSchema>

/** The complete result of one pull, in the canonical model. */
export const RosterSchema = z.object({
  /** Where the roster came from. */
  source: RosterSourceInfoSchema,
  /** When the pull finished (ISO 8601). */
  pulledAt: DateTimeStringSchema,
  /**
   * `bulk`: the roster is everything the source has, so absence means removal (subject to policy).
   * `delta`: only changes; deletions are explicit `tobedeleted` records.
   */
  mode: z.enum(['bulk', 'delta']),
  /** Organisations. */
  orgs: z.array(OrgSchema),
  /** School years, terms, semesters, grading periods. */
  academicSessions: z.array(AcademicSessionSchema),
  /** Courses. */
  courses: z.array(CourseSchema),
  /** Classes. */
  classes: z.array(ClassSchema),
  /** Users of every role. */
  users: z.array(UserSchema),
  /** Enrollments. */
  enrollments: z.array(EnrollmentSchema),
  /** Demographics (often absent: a privileged scope). */
  demographics: z.array(DemographicsSchema),
  /** Completeness per collection; a collection missing here was not read at all. */
  completeness: z.partialRecord(z.enum(ROSTER_COLLECTIONS), CollectionCompletenessSchema),
  /** True only when every collection that was read is complete. */
  complete: z.boolean(),
  /**
   * Opaque cursor for the next incremental pull (`pull({ since: roster.cursor })`): a
   * `dateLastModified` high-water mark for OneRoster, an event id for Clever.
   */
  cursor: z.string().optional(),
  /**
   * What the source reader found wrong while reading (cut rows, malformed records, normalised
   * values), counted by code. Errors here block a sync like validation errors do; everything here is
   * shown to the person who approves and in the report. Absent when the source reported nothing.
   */
  sourceIssues: SourceIssueSummarySchema.optional(),
  /** Roster-level extension data (e.g. CSV manifest entries). */
  metadata: z.record(z.string(), z.unknown()).optional(),
})
/** The complete result of one pull, in the canonical model. */
export type Roster = z.infer<typeof RosterSchema>

/** Input accepted by {@link createRoster}: collections may be left out and default to empty. */
export type RosterInit = Partial<Omit<Roster, 'source' | 'complete'>> & {
  source: RosterSourceInfo
  complete?: boolean
}

/**
 * Builds a `Roster` with empty collections where none are given. When `completeness` is not given,
 * every collection present counts as complete; `complete` defaults to the conjunction of
 * `completeness`.
 * @param init - the parts of the roster that are known
 */
export function createRoster(init: RosterInit): Roster {
  const completeness: Roster['completeness'] = init.completeness ?? {}
  if (init.completeness === undefined) {
    for (const name of ROSTER_COLLECTIONS) {
      const items = init[name]
      if (items !== undefined) completeness[name] = { complete: true, received: items.length }
    }
  }
  const complete = init.complete ?? Object.values(completeness).every((c) => c?.complete !== false)
  return {
    source: init.source,
    pulledAt: init.pulledAt ?? new Date().toISOString(),
    mode: init.mode ?? 'bulk',
    orgs: init.orgs ?? [],
    academicSessions: init.academicSessions ?? [],
    courses: init.courses ?? [],
    classes: init.classes ?? [],
    users: init.users ?? [],
    enrollments: init.enrollments ?? [],
    demographics: init.demographics ?? [],
    completeness,
    complete,
    ...(init.cursor === undefined ? {} : { cursor: init.cursor }),
    ...(init.sourceIssues === undefined ? {} : { sourceIssues: init.sourceIssues }),
    ...(init.metadata === undefined ? {} : { metadata: init.metadata }),
  }
}

/**
 * Checks a value against the canonical roster schema and returns it typed.
 * @param value - anything, e.g. a roster read back from JSON
 * @throws {ModelValidationError} listing every schema issue with its path
 */
export function parseRoster(value: unknown): Roster {
  const result = RosterSchema.safeParse(value)
  if (result.success) return result.data
  const issues: ErrorIssue[] = result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }))
  const first = issues[0]
  const where = first ? ` at ${first.path.map(String).join('.')}: ${first.message}` : ''
  throw new ModelValidationError(
    `Roster does not match the canonical model (${issues.length} issue(s))${where}`,
    issues,
  )
}
