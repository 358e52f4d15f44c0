import {
  type AcademicSession,
  type Class,
  type Course,
  createRoster,
  type Enrollment,
  type Org,
  type Roster,
  type User,
} from '../../src/model/index.js'
import type { DistrictParameters, ValidationReport } from '../../src/validate/index.js'

/** A small district that breaks no rule, under spec-level checks and under {@link fullParameters}. */
export function cleanRoster(): Roster {
  const org = (sourcedId: string, type: Org['type'], extra: Partial<Org> = {}): Org => ({
    sourcedId,
    status: 'active',
    name: `Org ${sourcedId}`,
    type,
    ...extra,
  })
  const session = (sourcedId: string, extra: Partial<AcademicSession>): AcademicSession => ({
    sourcedId,
    status: 'active',
    title: sourcedId,
    type: 'term',
    startDate: '2024-08-15',
    endDate: '2024-12-20',
    schoolYear: '2025',
    ...extra,
  })
  const course = (sourcedId: string, courseCode: string, subjects: string[]): Course => ({
    sourcedId,
    status: 'active',
    title: courseCode,
    courseCode,
    schoolYearSourcedId: 'y2025',
    grades: ['03'],
    subjects,
    subjectCodes: [],
    orgSourcedId: 's1',
  })
  const user = (sourcedId: string, role: User['roles'][number]['role'], extra: Partial<User> = {}): User => ({
    sourcedId,
    status: 'active',
    dateLastModified: '2024-08-01T12:00:00.000Z',
    username: `user-${sourcedId}`,
    userIds: [],
    enabledUser: true,
    givenName: 'Given',
    familyName: sourcedId,
    roles: [{ roleType: 'primary', role, orgSourcedId: 's1' }],
    primaryOrgSourcedId: 's1',
    agentSourcedIds: [],
    grades: [],
    ...extra,
  })
  return createRoster({
    source: { kind: 'host', label: 'fixture' },
    pulledAt: '2024-09-01T00:00:00.000Z',
    orgs: [org('d1', 'district'), org('s1', 'school', { identifier: 'SCH-1', parentSourcedId: 'd1' })],
    academicSessions: [
      session('y2025', { type: 'schoolYear', startDate: '2024-08-01', endDate: '2025-06-30' }),
      session('t1', { parentSourcedId: 'y2025' }),
    ],
    courses: [course('c-hr', 'HR-03', ['Homeroom']), course('c-math', 'MATH-3', ['Mathematics'])],
    classes: [klass('k-hr', 'c-hr', { classType: 'homeroom', classCode: 'HR-3A' }), klass('k-math', 'c-math')],
    users: [
      user('t-1', 'teacher', { email: 'teacher1@district.org' }),
      user('u-1', 'student', {
        grades: ['03'],
        stateId: 'ST1',
        email: 'u1@students.district.org',
        agentSourcedIds: ['g-1'],
      }),
      user('u-2', 'student', { grades: ['03'], stateId: 'ST2', email: 'u2@students.district.org' }),
      user('g-1', 'guardian', { email: 'family@gmail.com', agentSourcedIds: ['u-1'] }),
    ],
    enrollments: [
      enrollment('e-t-hr', 't-1', 'k-hr', 'teacher'),
      enrollment('e-t-math', 't-1', 'k-math', 'teacher'),
      enrollment('e-1-hr', 'u-1', 'k-hr'),
      enrollment('e-1-math', 'u-1', 'k-math'),
      enrollment('e-2-hr', 'u-2', 'k-hr'),
      enrollment('e-2-math', 'u-2', 'k-math'),
    ],
    demographics: [{ sourcedId: 'u-1', status: 'active', birthDate: '2015-05-01', sex: 'female' }],
  })
}

/** A class at school s1 in term t1 (grade 03, scheduled unless told). */
export function klass(sourcedId: string, courseSourcedId: string, extra: Partial<Class> = {}): Class {
  return {
    sourcedId,
    status: 'active',
    title: `Class ${sourcedId}`,
    classCode: sourcedId,
    classType: 'scheduled',
    grades: ['03'],
    subjects: [],
    subjectCodes: [],
    periods: ['1'],
    courseSourcedId,
    schoolSourcedId: 's1',
    termSourcedIds: ['t1'],
    ...extra,
  }
}

/** An active enrollment at school s1. */
export function enrollment(
  sourcedId: string,
  userSourcedId: string,
  classSourcedId: string,
  role: Enrollment['role'] = 'student',
  extra: Partial<Enrollment> = {},
): Enrollment {
  return { sourcedId, status: 'active', userSourcedId, classSourcedId, schoolSourcedId: 's1', role, ...extra }
}

/** Every parameter set, all satisfied by {@link cleanRoster}. */
export function fullParameters(): DistrictParameters {
  return {
    testingMeasures: [
      { id: 'reading', name: 'Reading screener', grades: ['03'] },
      { id: 'math', subjects: ['Mathematics'], grades: ['03'], screeningClass: { courseCodes: ['math-3'] } },
    ],
    testDistribution: 'class',
    screeningClass: { classType: 'homeroom' },
    recordProcessing: 'all',
    requiredIdentifiers: { student: ['stateId', 'grades'], teacher: ['email'] },
    schools: ['SCH-1'],
    allowedGrades: ['KG', '01', '02', '03', '04', '05'],
    emailDomains: ['district.org'],
    quarantine: { enabled: false },
  }
}

/** A deep copy of the clean roster, changed by `change`. */
export function brokenRoster(change: (roster: Roster) => void): Roster {
  const roster = structuredClone(cleanRoster())
  change(roster)
  return roster
}

/** The distinct issue codes of a report, sorted. */
export function codesOf(report: ValidationReport): string[] {
  return [...new Set(report.issues.map((i) => i.code))].sort()
}

/** Finds a record by sourcedId or throws, so tests can change it in place. */
export function byId<T extends { sourcedId: string }>(records: T[], sourcedId: string): T {
  const found = records.find((r) => r.sourcedId === sourcedId)
  if (!found) throw new Error(`fixture has no ${sourcedId}`)
  return found
}
