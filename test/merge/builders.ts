import {
  type AcademicSession,
  type Class,
  type Course,
  createRoster,
  type Enrollment,
  type Org,
  type Role,
  type Roster,
  type RosterInit,
  type User,
} from '../../src/model/index.js'

/** Small canonical records for merge tests. */

export const org = (sourcedId: string, extra: Partial<Org> = {}): Org => ({
  sourcedId,
  status: 'active',
  name: `School ${sourcedId}`,
  type: 'school',
  ...extra,
})

export const session = (sourcedId: string): AcademicSession => ({
  sourcedId,
  status: 'active',
  title: `Year ${sourcedId}`,
  type: 'schoolYear',
  startDate: '2024-08-01',
  endDate: '2025-07-01',
  schoolYear: '2025',
})

export const course = (sourcedId: string, extra: Partial<Course> = {}): Course => ({
  sourcedId,
  status: 'active',
  title: `Course ${sourcedId}`,
  grades: [],
  subjects: [],
  subjectCodes: [],
  ...extra,
})

export const klass = (sourcedId: string, school: string, extra: Partial<Class> = {}): Class => ({
  sourcedId,
  status: 'active',
  title: `Class ${sourcedId}`,
  grades: [],
  subjects: [],
  subjectCodes: [],
  periods: [],
  courseSourcedId: 'c1',
  schoolSourcedId: school,
  termSourcedIds: [],
  ...extra,
})

export const user = (sourcedId: string, role: Role = 'student', extra: Partial<User> = {}): User => ({
  sourcedId,
  status: 'active',
  userIds: [],
  enabledUser: true,
  givenName: `Given${sourcedId}`,
  familyName: `Family${sourcedId}`,
  roles: [{ roleType: 'primary', role, orgSourcedId: 's1' }],
  agentSourcedIds: [],
  grades: [],
  ...extra,
})

export const enrollment = (sourcedId: string, userId: string, classId: string, school = 's1'): Enrollment => ({
  sourcedId,
  status: 'active',
  userSourcedId: userId,
  classSourcedId: classId,
  schoolSourcedId: school,
  role: 'student',
})

/** A complete bulk roster from the given collections. */
export const roster = (init: Omit<RosterInit, 'source'> = {}): Roster =>
  createRoster({ source: { kind: 'oneroster-rest', version: '1.1' }, pulledAt: '2025-01-01T00:00:00Z', ...init })

/** A roster with one school s1, one course c1, and whatever else is given. */
export const schoolRoster = (init: Omit<RosterInit, 'source'> = {}): Roster =>
  roster({ orgs: [org('s1')], courses: [course('c1')], classes: [], users: [], enrollments: [], ...init })
