/**
 * Resolves a rostering path of the loopback server to the canonical records it lists, and writes
 * them as wire records.
 *
 * @module
 */
import type { Roster, User } from '../../model/index.js'
import { COLLECTION_ENDPOINTS, NESTED_ENDPOINTS, type NestedEndpoint } from '../../providers/oneroster/endpoints.js'
import type { WireRecordKind } from '../../providers/oneroster/wire/field-spec.js'
import {
  toWireAcademicSession,
  toWireClass,
  toWireCourse,
  toWireDemographics,
  toWireEnrollment,
  toWireOrg,
  toWireUser,
  type WireWriteOptions,
} from './to-wire.js'

/** A canonical record of any kind. */
type AnyRecord = Roster[
  | 'orgs'
  | 'academicSessions'
  | 'courses'
  | 'classes'
  | 'users'
  | 'enrollments'
  | 'demographics'][number]

/** What a path resolved to. */
export type Route =
  | { type: 'list'; kind: WireRecordKind; listKey: string; records: AnyRecord[] }
  | { type: 'single'; kind: WireRecordKind; singleKey: string; record: AnyRecord }
  | { type: 'not-found'; what: string }

const hasRole = (u: User, role: string, org?: string) =>
  u.roles.some((r) => r.role === role && (org === undefined || r.orgSourcedId === org))

/**
 * Writes one canonical record of a kind as a wire record.
 * @param kind - the record kind
 * @param record - the canonical record
 * @param o - version, base URL, boolean style
 */
export function writeWire(kind: WireRecordKind, record: AnyRecord, o: WireWriteOptions): Record<string, unknown> {
  switch (kind) {
    case 'org':
      return toWireOrg(record as Roster['orgs'][number], o)
    case 'academicSession':
      return toWireAcademicSession(record as Roster['academicSessions'][number], o)
    case 'course':
      return toWireCourse(record as Roster['courses'][number], o)
    case 'class':
      return toWireClass(record as Roster['classes'][number], o)
    case 'user':
      return toWireUser(record as User, o)
    case 'enrollment':
      return toWireEnrollment(record as Roster['enrollments'][number], o)
    case 'demographics':
      return toWireDemographics(record as Roster['demographics'][number], o)
  }
}

function topLevel(roster: Roster, name: keyof typeof COLLECTION_ENDPOINTS): AnyRecord[] {
  switch (name) {
    case 'academicSessions':
      return roster.academicSessions
    case 'classes':
      return roster.classes
    case 'courses':
      return roster.courses
    case 'demographics':
      return roster.demographics
    case 'enrollments':
      return roster.enrollments
    case 'gradingPeriods':
      return roster.academicSessions.filter((s) => s.type === 'gradingPeriod')
    case 'orgs':
      return roster.orgs
    case 'schools':
      return roster.orgs.filter((o) => o.type === 'school')
    case 'students':
      return roster.users.filter((u) => hasRole(u, 'student'))
    case 'teachers':
      return roster.users.filter((u) => hasRole(u, 'teacher'))
    case 'terms':
      return roster.academicSessions.filter((s) => s.type === 'term')
    case 'users':
      return roster.users
  }
}

function usersOfClass(roster: Roster, classId: string, role: string): AnyRecord[] {
  const ids = new Set(
    roster.enrollments.filter((e) => e.classSourcedId === classId && e.role === role).map((e) => e.userSourcedId),
  )
  return roster.users.filter((u) => ids.has(u.sourcedId))
}

function classesOfUser(roster: Roster, userId: string): AnyRecord[] {
  const ids = new Set(roster.enrollments.filter((e) => e.userSourcedId === userId).map((e) => e.classSourcedId))
  return roster.classes.filter((c) => ids.has(c.sourcedId))
}

function nested(roster: Roster, name: keyof typeof NESTED_ENDPOINTS, ids: string[]): AnyRecord[] | string {
  const [a = '', b = ''] = ids
  const exists = (list: readonly { sourcedId: string }[], id: string) => list.some((r) => r.sourcedId === id)
  const parent = NESTED_ENDPOINTS[name].segments[0]
  if (parent === 'schools' && !exists(roster.orgs, a)) return `school ${a}`
  if (parent === 'courses' && !exists(roster.courses, a)) return `course ${a}`
  if (parent === 'classes' && !exists(roster.classes, a)) return `class ${a}`
  if (parent === 'terms' && !exists(roster.academicSessions, a)) return `term ${a}`
  if ((parent === 'students' || parent === 'teachers' || parent === 'users') && !exists(roster.users, a))
    return `user ${a}`
  switch (name) {
    case 'classesForCourse':
      return roster.classes.filter((c) => c.courseSourcedId === a)
    case 'studentsForClass':
      return usersOfClass(roster, a, 'student')
    case 'teachersForClass':
      return usersOfClass(roster, a, 'teacher')
    case 'classesForSchool':
      return roster.classes.filter((c) => c.schoolSourcedId === a)
    case 'coursesForSchool':
      return roster.courses.filter((c) => c.orgSourcedId === a)
    case 'enrollmentsForSchool':
      return roster.enrollments.filter((e) => e.schoolSourcedId === a)
    case 'enrollmentsForClassInSchool':
      return roster.enrollments.filter((e) => e.schoolSourcedId === a && e.classSourcedId === b)
    case 'studentsForClassInSchool':
      return usersOfClass(roster, b, 'student')
    case 'teachersForClassInSchool':
      return usersOfClass(roster, b, 'teacher')
    case 'studentsForSchool':
      return roster.users.filter((u) => hasRole(u, 'student', a))
    case 'teachersForSchool':
      return roster.users.filter((u) => hasRole(u, 'teacher', a))
    case 'termsForSchool': {
      const terms = new Set(roster.classes.filter((c) => c.schoolSourcedId === a).flatMap((c) => c.termSourcedIds))
      return roster.academicSessions.filter(
        (s) => s.type === 'term' && (terms.has(s.sourcedId) || s.orgSourcedId === a),
      )
    }
    case 'classesForTerm':
      return roster.classes.filter((c) => c.termSourcedIds.includes(a))
    case 'gradingPeriodsForTerm':
      return roster.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.parentSourcedId === a)
    case 'classesForStudent':
    case 'classesForTeacher':
    case 'classesForUser':
      return classesOfUser(roster, a)
  }
}

function matchNested(
  segments: readonly string[],
): [keyof typeof NESTED_ENDPOINTS, NestedEndpoint, string[]] | undefined {
  for (const [name, endpoint] of Object.entries(NESTED_ENDPOINTS)) {
    if (endpoint.segments.length !== segments.length) continue
    const ids: string[] = []
    let ok = true
    endpoint.segments.forEach((s, i) => {
      const actual = segments[i] as string
      if (s === '{}') ids.push(decodeURIComponent(actual))
      else if (s !== actual) ok = false
    })
    if (ok) return [name as keyof typeof NESTED_ENDPOINTS, endpoint, ids]
  }
  return undefined
}

/**
 * Resolves a path below the versioned base (e.g. `schools/s1/classes`) against a roster.
 * @param roster - the roster the server serves
 * @param segments - the path segments below the versioned base
 */
export function resolveRoute(roster: Roster, segments: readonly string[]): Route {
  const [first, second] = segments
  if (first !== undefined && first in COLLECTION_ENDPOINTS) {
    const endpoint = COLLECTION_ENDPOINTS[first as keyof typeof COLLECTION_ENDPOINTS]
    const records = topLevel(roster, endpoint.path)
    if (segments.length === 1) return { type: 'list', kind: endpoint.kind, listKey: endpoint.listKey, records }
    if (segments.length === 2 && second !== undefined) {
      const id = decodeURIComponent(second)
      const record = records.find((r) => r.sourcedId === id)
      return record === undefined
        ? { type: 'not-found', what: `${endpoint.singleKey} ${id}` }
        : { type: 'single', kind: endpoint.kind, singleKey: endpoint.singleKey, record }
    }
  }
  const match = matchNested(segments)
  if (match === undefined) return { type: 'not-found', what: `path /${segments.join('/')}` }
  const [name, endpoint, ids] = match
  const records = nested(roster, name, ids)
  if (typeof records === 'string') return { type: 'not-found', what: records }
  return { type: 'list', kind: endpoint.kind, listKey: endpoint.listKey, records }
}
