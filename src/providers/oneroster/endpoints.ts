/**
 * The rostering read endpoints of OneRoster 1.1 and 1.2 (the same path set under `v1p1` and
 * `rostering/v1p2`), with the envelope key each answers under and the record kind it holds.
 *
 * @see ../../../shared/specs/oneroster-rest.md §2 (from the official OpenAPI definitions)
 * @module
 */
import type { OneRosterVersion, WireRecordKind } from './wire/field-spec.js'

/** The versioned path of the rostering service, appended to a provider's server root. */
export const VERSION_PATHS: Readonly<Record<OneRosterVersion, string>> = {
  '1.1': '/ims/oneroster/v1p1',
  '1.2': '/ims/oneroster/rostering/v1p2',
}

/** Top-level collections of the rostering service. */
export type OneRosterCollectionName =
  | 'academicSessions'
  | 'classes'
  | 'courses'
  | 'demographics'
  | 'enrollments'
  | 'gradingPeriods'
  | 'orgs'
  | 'schools'
  | 'students'
  | 'teachers'
  | 'terms'
  | 'users'

/** One top-level collection: its path, envelope keys and record kind. */
export interface CollectionEndpoint {
  /** Path segment under the versioned base. */
  path: OneRosterCollectionName
  /** Envelope key of a collection response. */
  listKey: string
  /** Envelope key of a single-record response. */
  singleKey: string
  /** Kind of record it holds. */
  kind: WireRecordKind
}

/** Every top-level collection, by name. */
export const COLLECTION_ENDPOINTS: Readonly<Record<OneRosterCollectionName, CollectionEndpoint>> = {
  academicSessions: {
    path: 'academicSessions',
    listKey: 'academicSessions',
    singleKey: 'academicSession',
    kind: 'academicSession',
  },
  classes: { path: 'classes', listKey: 'classes', singleKey: 'class', kind: 'class' },
  courses: { path: 'courses', listKey: 'courses', singleKey: 'course', kind: 'course' },
  // The singular key of /demographics/{id} is also `demographics`.
  demographics: { path: 'demographics', listKey: 'demographics', singleKey: 'demographics', kind: 'demographics' },
  enrollments: { path: 'enrollments', listKey: 'enrollments', singleKey: 'enrollment', kind: 'enrollment' },
  gradingPeriods: {
    path: 'gradingPeriods',
    listKey: 'academicSessions',
    singleKey: 'academicSession',
    kind: 'academicSession',
  },
  orgs: { path: 'orgs', listKey: 'orgs', singleKey: 'org', kind: 'org' },
  schools: { path: 'schools', listKey: 'orgs', singleKey: 'org', kind: 'org' },
  students: { path: 'students', listKey: 'users', singleKey: 'user', kind: 'user' },
  teachers: { path: 'teachers', listKey: 'users', singleKey: 'user', kind: 'user' },
  terms: { path: 'terms', listKey: 'academicSessions', singleKey: 'academicSession', kind: 'academicSession' },
  users: { path: 'users', listKey: 'users', singleKey: 'user', kind: 'user' },
}

/** Names of the nested collections, as client methods. */
export type NestedCollectionName =
  | 'classesForCourse'
  | 'studentsForClass'
  | 'teachersForClass'
  | 'classesForSchool'
  | 'coursesForSchool'
  | 'enrollmentsForSchool'
  | 'enrollmentsForClassInSchool'
  | 'studentsForClassInSchool'
  | 'teachersForClassInSchool'
  | 'studentsForSchool'
  | 'teachersForSchool'
  | 'termsForSchool'
  | 'classesForTerm'
  | 'gradingPeriodsForTerm'
  | 'classesForStudent'
  | 'classesForTeacher'
  | 'classesForUser'

/** A nested collection such as `/schools/{id}/classes`. */
export interface NestedEndpoint {
  /** Path segments; `{}` marks a sourcedId, filled in order. */
  segments: readonly string[]
  /** Envelope key of the response. */
  listKey: string
  /** Kind of record it holds. */
  kind: WireRecordKind
  /**
   * The equivalent top-level read, for providers that lack the nested path: the collection and a
   * filter field per path id (a guess where the provider supports dot-path filters).
   */
  fallback?: { collection: OneRosterCollectionName; filterFields: readonly string[] }
}

const P = '{}'
/** Every nested collection, by method name. */
export const NESTED_ENDPOINTS: Readonly<Record<NestedCollectionName, NestedEndpoint>> = {
  classesForCourse: { segments: ['courses', P, 'classes'], listKey: 'classes', kind: 'class' },
  studentsForClass: { segments: ['classes', P, 'students'], listKey: 'users', kind: 'user' },
  teachersForClass: { segments: ['classes', P, 'teachers'], listKey: 'users', kind: 'user' },
  classesForSchool: {
    segments: ['schools', P, 'classes'],
    listKey: 'classes',
    kind: 'class',
    fallback: { collection: 'classes', filterFields: ['school.sourcedId'] },
  },
  coursesForSchool: {
    segments: ['schools', P, 'courses'],
    listKey: 'courses',
    kind: 'course',
    fallback: { collection: 'courses', filterFields: ['org.sourcedId'] },
  },
  enrollmentsForSchool: {
    segments: ['schools', P, 'enrollments'],
    listKey: 'enrollments',
    kind: 'enrollment',
    fallback: { collection: 'enrollments', filterFields: ['school.sourcedId'] },
  },
  enrollmentsForClassInSchool: {
    segments: ['schools', P, 'classes', P, 'enrollments'],
    listKey: 'enrollments',
    kind: 'enrollment',
    fallback: { collection: 'enrollments', filterFields: ['school.sourcedId', 'class.sourcedId'] },
  },
  studentsForClassInSchool: {
    segments: ['schools', P, 'classes', P, 'students'],
    listKey: 'users',
    kind: 'user',
  },
  teachersForClassInSchool: {
    segments: ['schools', P, 'classes', P, 'teachers'],
    listKey: 'users',
    kind: 'user',
  },
  studentsForSchool: { segments: ['schools', P, 'students'], listKey: 'users', kind: 'user' },
  teachersForSchool: { segments: ['schools', P, 'teachers'], listKey: 'users', kind: 'user' },
  termsForSchool: { segments: ['schools', P, 'terms'], listKey: 'academicSessions', kind: 'academicSession' },
  classesForTerm: { segments: ['terms', P, 'classes'], listKey: 'classes', kind: 'class' },
  gradingPeriodsForTerm: {
    segments: ['terms', P, 'gradingPeriods'],
    listKey: 'academicSessions',
    kind: 'academicSession',
  },
  classesForStudent: { segments: ['students', P, 'classes'], listKey: 'classes', kind: 'class' },
  classesForTeacher: { segments: ['teachers', P, 'classes'], listKey: 'classes', kind: 'class' },
  classesForUser: { segments: ['users', P, 'classes'], listKey: 'classes', kind: 'class' },
}

/**
 * Builds the relative path of a nested collection.
 * @param endpoint - the nested endpoint
 * @param ids - one sourcedId per `{}` in its segments
 */
export function nestedPath(endpoint: NestedEndpoint, ids: readonly string[]): string {
  let i = 0
  return endpoint.segments.map((s) => (s === P ? encodeURIComponent(ids[i++] ?? '') : s)).join('/')
}
