import type {
  AcademicSession,
  Class,
  Course,
  Demographics,
  Enrollment,
  Org,
  Roster,
  RosterIndex,
  User,
} from '../model/index.js'
import type { ValidationIssueInput } from './issues.js'
import type { ResolvedDistrictParameters } from './resolve-parameters.js'
import type { ValidationScope } from './scope.js'

/**
 * The contract every validation rule meets, built-in or supplied by a host app.
 *
 * @module
 */

/** What a rule sees: the roster, its shared indexes, the resolved parameters and the record scope. */
export interface ValidationContext {
  /** The roster under validation. Never mutate it. */
  readonly roster: Roster
  /** Indexes over the roster, built once and shared by every rule. */
  readonly index: RosterIndex
  /** District parameters with defaults applied. */
  readonly parameters: ResolvedDistrictParameters
  /** Which records and students are in scope; computed on first use. */
  readonly scope: ValidationScope
  /** The injected clock, when the caller gave one (rules that need "today" are skipped without it). */
  readonly now: Date | undefined
  /** Reports one issue. */
  report(issue: ValidationIssueInput): void
}

/**
 * A validation rule. Host apps add their own through `validateRoster(roster, parameters, { rules })`;
 * their issues take the same shape as built-in ones and can quarantine records the same way.
 *
 * @example
 * const needsLocalId: ValidationRule = {
 *   name: 'local-id-format',
 *   check(ctx) {
 *     for (const user of ctx.roster.users)
 *       if (user.identifier && !/^\d{6}$/.test(user.identifier))
 *         ctx.report({ code: 'local_id_format', entity: 'users', sourcedId: user.sourcedId,
 *                      path: ['identifier'], message: 'Local ids are six digits' })
 *   },
 * }
 */
export interface ValidationRule {
  /** Unique name, kebab-case, shown with each issue it raises. */
  readonly name: string
  /** Inspects the context and reports issues. Must be pure and must not throw for bad data. */
  check(context: ValidationContext): void
  /**
   * Optional per-record form of `check`, preferred by `validateRoster` when present: it walks each
   * collection once and hands every record to each rule's visitor, so a million-record roster is not
   * walked once per rule. Returns undefined when the rule has nothing to check in this context.
   * Must report exactly what `check` reports, in the same order.
   */
  visit?(context: ValidationContext): RecordVisitor | undefined
}

/**
 * Callbacks for the records of each collection, called in roster order, collection by collection
 * (orgs, academic sessions, courses, classes, users, enrollments, demographics), then `finish`.
 */
export interface RecordVisitor {
  /** Called with each org. */
  orgs?(org: Org): void
  /** Called with each academic session. */
  academicSessions?(session: AcademicSession): void
  /** Called with each course. */
  courses?(course: Course): void
  /** Called with each class. */
  classes?(cls: Class): void
  /** Called with each user. */
  users?(user: User): void
  /** Called with each enrollment. */
  enrollments?(enrollment: Enrollment): void
  /** Called with each demographics record. */
  demographics?(demographics: Demographics): void
  /** Called once after every collection was visited. */
  finish?(): void
}
