import type { Roster, RosterCollection } from '../model/index.js'
import type { ValidationReport } from './report.js'

/**
 * Removes quarantined records from a roster, with the records that depend on them.
 *
 * @module
 */

/**
 * Returns a copy of the roster without the report's quarantined records, without the enrollments of
 * quarantined users and classes, without the classes (and their enrollments) of quarantined courses,
 * and without the demographics of quarantined users. Every collection that lost a record is marked
 * incomplete, so the merge engine archives nothing on the strength of a record's absence: a
 * quarantined student must not look like a student who left.
 *
 * @param roster - the roster that was validated
 * @param report - its validation report
 */
export function applyQuarantine(roster: Roster, report: Pick<ValidationReport, 'quarantined'>): Roster {
  if (report.quarantined.length === 0) return roster
  const out: Record<string, Set<string>> = {}
  for (const record of report.quarantined) {
    const ids = out[record.entity] ?? new Set<string>()
    ids.add(record.sourcedId)
    out[record.entity] = ids
  }
  const users = out.users ?? new Set<string>()
  const courses = out.courses ?? new Set<string>()
  const classes = new Set(out.classes)
  for (const cls of roster.classes) if (courses.has(cls.courseSourcedId)) classes.add(cls.sourcedId)
  const enrollments = out.enrollments ?? new Set<string>()
  const demographics = out.demographics ?? new Set<string>()

  const completeness = { ...roster.completeness }
  const keep = <T extends { sourcedId: string }>(
    name: RosterCollection,
    records: readonly T[],
    drop: (record: T) => boolean,
  ): T[] => {
    const kept = records.filter((r) => !drop(r))
    const removed = records.length - kept.length
    if (removed > 0) {
      completeness[name] = {
        complete: false,
        received: kept.length,
        reason: `${removed} record(s) set aside by validation quarantine`,
      }
    }
    return kept
  }
  return {
    ...roster,
    users: keep('users', roster.users, (u) => users.has(u.sourcedId)),
    courses: keep('courses', roster.courses, (c) => courses.has(c.sourcedId)),
    classes: keep('classes', roster.classes, (c) => classes.has(c.sourcedId)),
    enrollments: keep(
      'enrollments',
      roster.enrollments,
      (e) => enrollments.has(e.sourcedId) || users.has(e.userSourcedId) || classes.has(e.classSourcedId),
    ),
    demographics: keep(
      'demographics',
      roster.demographics,
      (d) => demographics.has(d.sourcedId) || users.has(d.sourcedId),
    ),
    completeness,
    complete: false,
  }
}
