import type { AcademicSession, Class, Course, Demographics, Enrollment, Org, User } from '../../model/index.js'
import { toCanonicalCourse } from './map-course.js'
import { toCanonicalDistrict, toCanonicalSchool } from './map-orgs.js'
import { toCanonicalSection } from './map-section.js'
import { toCanonicalTerm } from './map-term.js'
import { linkContacts, toCanonicalUser } from './map-user.js'
import type { CleverMappingContext } from './mapping-context.js'
import type {
  CleverCourse,
  CleverDistrict,
  CleverSchool,
  CleverSection,
  CleverTerm,
  CleverUser,
} from './wire-schemas.js'

/**
 * Whole Clever collections → the canonical collections of a roster.
 *
 * @module
 */

/** Clever records as read, by resource; any may be left out. */
export interface CleverRecords {
  /** From `/districts`. */
  districts?: readonly CleverDistrict[]
  /** From `/schools`. */
  schools?: readonly CleverSchool[]
  /** From `/terms`. */
  terms?: readonly CleverTerm[]
  /** From `/courses`. */
  courses?: readonly CleverCourse[]
  /** From `/sections`. */
  sections?: readonly CleverSection[]
  /** From `/users` (every role). */
  users?: readonly CleverUser[]
}

/** The canonical collections mapped from Clever records. */
export interface CleverCanonicalCollections {
  /** District and schools. */
  orgs: Org[]
  /** Terms. */
  academicSessions: AcademicSession[]
  /** Courses, plus one made up per section that names no course. */
  courses: Course[]
  /** Sections. */
  classes: Class[]
  /** Users of every role, contacts linked to their students both ways. */
  users: User[]
  /** One per teacher and student of each section. */
  enrollments: Enrollment[]
  /** Students' demographics. */
  demographics: Demographics[]
}

/**
 * Maps Clever collections to canonical ones, synthesising enrollments from sections and linking
 * contacts and students both ways. Pure.
 * @param records - Clever records by resource
 * @param ctx - the mapping context
 */
export function cleverToCanonical(records: CleverRecords, ctx: CleverMappingContext): CleverCanonicalCollections {
  const orgs: Org[] = []
  for (const d of records.districts ?? []) orgs.push(toCanonicalDistrict(d, ctx))
  for (const s of records.schools ?? []) orgs.push(toCanonicalSchool(s, ctx))
  const academicSessions: AcademicSession[] = []
  for (const t of records.terms ?? []) {
    const session = toCanonicalTerm(t, ctx)
    if (session !== undefined) academicSessions.push(session)
  }
  const courses = (records.courses ?? []).map((c) => toCanonicalCourse(c, ctx))
  const classes: Class[] = []
  const enrollments: Enrollment[] = []
  for (const section of records.sections ?? []) {
    const mapped = toCanonicalSection(section, ctx)
    classes.push(mapped.class)
    enrollments.push(...mapped.enrollments)
    if (mapped.syntheticCourse) courses.push(mapped.syntheticCourse)
  }
  const users: User[] = []
  const demographics: Demographics[] = []
  for (const u of records.users ?? []) {
    const mapped = toCanonicalUser(u, ctx)
    users.push(mapped.user)
    if (mapped.demographics) demographics.push(mapped.demographics)
  }
  return { orgs, academicSessions, courses, classes, users: linkContacts(users), enrollments, demographics }
}
