import type { ApprovalReason, UnmatchedSchool } from '../merge/index.js'
import { countNoun, formatCount, listNames } from './report-format.js'

/**
 * What keeps a sync, or part of it, from being applied, and what a person does to release it: one
 * list for every reason (validation, source errors, safety guards, schools to assign, review), so
 * a report states each once.
 *
 * @module
 */

/**
 * Why something waits for a person.
 * - `validation`: validation errors block the whole sync.
 * - `source`: the source reader found errors that block the whole sync.
 * - `guard`: a safety guard asks for approval (e.g. too many archives).
 * - `schools`: classes and enrollments of schools no host school matches wait for a person to
 *   assign the schools or accept creating them; the rest of the plan can be applied.
 * - `review`: automatic approval is off, so a person reviews every sync.
 */
export type ReportHoldKind = 'validation' | 'source' | 'guard' | 'schools' | 'review'

/** One thing that waits for a person, and what would release it. */
export interface ReportHold {
  /** Why it waits. */
  kind: ReportHoldKind
  /** What waits and why, for people. */
  message: string
  /** What a person does to release it. */
  release: string
  /** Records that wait, when they can be counted. */
  records?: number
}

/** Everything the holds are derived from. */
export interface HoldsInput {
  /** Validation's reasons to block, when validation ran. */
  blockReasons?: readonly string[] | undefined
  /** Source-reader errors that block, as messages. */
  sourceBlockReasons?: readonly string[] | undefined
  /** The guards that tripped. */
  guards?: readonly ApprovalReason[] | undefined
  /** The share of archives above which a guard trips (`policy.archiveThreshold`). */
  archiveThreshold?: number | undefined
  /** School names by sourcedId, so a school guard names the school. */
  schoolNames?: ReadonlyMap<string, string> | undefined
  /** Schools no host school matches. */
  unmatchedSchools?: readonly UnmatchedSchool[] | undefined
  /** True when a person must review because automatic approval is off. */
  reviewRequired?: boolean | undefined
}

/**
 * The one sentence that says what waits on unmatched schools, with counts, or `undefined` when no
 * school is unmatched.
 * @param schools - the unmatched schools
 */
export function describeSchoolHold(schools: readonly UnmatchedSchool[]): string | undefined {
  if (schools.length === 0) return undefined
  let classes = 0
  let enrollments = 0
  for (const s of schools) {
    classes += s.heldClasses
    enrollments += s.heldEnrollments
  }
  const what: string[] = []
  if (classes > 0) what.push(countNoun(classes, 'class', 'classes'))
  if (enrollments > 0) what.push(countNoun(enrollments, 'enrollment'))
  const subject = countNoun(schools.length, 'school')
  const names = listNames(schools.map((s) => s.name))
  return what.length > 0
    ? `${what.join(' and ')} wait for ${subject} to be matched to host schools (${names})`
    : `${subject} ${schools.length === 1 ? 'matches' : 'match'} no host school (${names})`
}

/**
 * Lists what waits for a person, each reason once, most severe first.
 * @param input - validation, source issues, guards, schools, review
 */
export function collectHolds(input: HoldsInput): ReportHold[] {
  const holds: ReportHold[] = []
  for (const message of input.sourceBlockReasons ?? []) {
    holds.push({
      kind: 'source',
      message,
      release: 'Fix the export or the connection named under "Source issues", then run the test sync again.',
    })
  }
  for (const message of input.blockReasons ?? []) {
    holds.push({
      kind: 'validation',
      message,
      release: 'Fix the records named under "Validation" in the SIS, then run the test sync again.',
    })
  }
  const schools = input.unmatchedSchools ?? []
  const schoolMessage = describeSchoolHold(schools)
  if (schoolMessage !== undefined) {
    let records = 0
    for (const s of schools) records += s.heldClasses + s.heldEnrollments
    holds.push({
      kind: 'schools',
      message: schoolMessage,
      release:
        'Review and assign schools: match each school to one of your schools, or accept creating it, then run the test sync again.',
      records,
    })
  }
  const guards = input.guards ?? []
  if (guards.length > 0) {
    // One hold for every guard: they share one cause and one release.
    const percent = (share: number) => `${Math.round(share * 1000) / 10}%`
    const parts = guards.map((g) => {
      const what =
        g.scope === 'role'
          ? `${g.subject} users`
          : g.scope === 'school'
            ? `${g.entity} at ${input.schoolNames?.get(g.subject) ?? g.subject}`
            : g.entity
      return `${formatCount(g.archived)} of ${formatCount(g.total)} ${what} (${percent(g.share)})`
    })
    const threshold = input.archiveThreshold === undefined ? '' : ` ${percent(input.archiveThreshold)}`
    holds.push({
      kind: 'guard',
      message: `The plan archives more than the${threshold} a sync may archive without a person: ${parts.join('; ')}`,
      release: 'A person checks the records to archive listed below and approves the plan.',
      records: Math.max(...guards.map((g) => g.archived)),
    })
  }
  if (input.reviewRequired) {
    holds.push({
      kind: 'review',
      message: 'Automatic approval is off: a person reviews every sync.',
      release: 'A person reviews the changes below and approves the test sync.',
    })
  }
  return holds
}
