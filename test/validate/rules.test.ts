import { describe, expect, it } from 'vitest'
import type { Roster } from '../../src/model/index.js'
import { type DistrictParameters, validateRoster } from '../../src/validate/index.js'
import { brokenRoster, byId, cleanRoster, codesOf, enrollment, fullParameters, klass } from './fixtures.js'

interface Case {
  code: string
  severity: 'error' | 'warning'
  change: (roster: Roster) => void
  parameters?: (p: DistrictParameters) => DistrictParameters
  /** The parameters themselves are what the roster fails; the clean roster passes {@link fullParameters}. */
  parametersBreak?: boolean
  where?: { entity: string; sourcedId?: string; path?: (string | number)[] }
}

const addStudent = (roster: Roster, sourcedId: string, grade: string): void => {
  roster.users.push({
    ...structuredClone(byId(roster.users, 'u-2')),
    sourcedId,
    username: `user-${sourcedId}`,
    stateId: `ST-${sourcedId}`,
    email: `${sourcedId}@students.district.org`,
    grades: [grade],
  })
}

const CASES: Case[] = [
  {
    code: 'dangling_reference',
    severity: 'error',
    change: (r) => r.enrollments.push(enrollment('e-x', 'u-1', 'k-missing')),
    where: { entity: 'enrollments', sourcedId: 'e-x', path: ['classSourcedId'] },
  },
  {
    code: 'reference_to_deleted',
    severity: 'warning',
    change: (r) => {
      byId(r.users, 'g-1').status = 'tobedeleted'
    },
    where: { entity: 'users', sourcedId: 'u-1', path: ['agentSourcedIds', 0] },
  },
  {
    code: 'duplicate_sourced_id',
    severity: 'error',
    change: (r) => r.courses.push(structuredClone(byId(r.courses, 'c-math'))),
    where: { entity: 'courses', sourcedId: 'c-math', path: ['sourcedId'] },
  },
  {
    code: 'duplicate_email',
    severity: 'error',
    change: (r) => {
      byId(r.users, 'u-2').email = 'U1@students.district.org'
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['email'] },
  },
  {
    code: 'duplicate_username',
    severity: 'error',
    change: (r) => {
      byId(r.users, 'u-2').username = 'user-u-1'
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['username'] },
  },
  {
    code: 'duplicate_state_id',
    severity: 'error',
    change: (r) => {
      byId(r.users, 'u-2').stateId = 'ST1'
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['stateId'] },
  },
  {
    code: 'invalid_enum',
    severity: 'error',
    change: (r) => {
      byId(r.classes, 'k-math').classType = 'lecture' as never
    },
    where: { entity: 'classes', sourcedId: 'k-math', path: ['classType'] },
  },
  {
    code: 'missing_name',
    severity: 'error',
    change: (r) => {
      byId(r.orgs, 's1').name = ''
    },
    where: { entity: 'orgs', sourcedId: 's1', path: ['name'] },
  },
  {
    code: 'missing_name',
    severity: 'error',
    change: (r) => {
      byId(r.users, 'u-2').familyName = '  '
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['familyName'] },
  },
  {
    code: 'missing_name',
    severity: 'warning',
    change: (r) => {
      byId(r.users, 'g-1').givenName = ''
    },
    where: { entity: 'users', sourcedId: 'g-1', path: ['givenName'] },
  },
  {
    code: 'missing_title',
    severity: 'error',
    change: (r) => {
      byId(r.classes, 'k-math').title = ''
    },
    where: { entity: 'classes', sourcedId: 'k-math', path: ['title'] },
  },
  {
    code: 'missing_title',
    severity: 'error',
    change: (r) => {
      byId(r.courses, 'c-math').title = ''
    },
    where: { entity: 'courses', sourcedId: 'c-math', path: ['title'] },
  },
  {
    code: 'user_without_role',
    severity: 'error',
    change: (r) => {
      byId(r.users, 'g-1').roles = []
    },
    where: { entity: 'users', sourcedId: 'g-1', path: ['roles'] },
  },
  {
    code: 'role_primary_count',
    severity: 'warning',
    change: (r) => {
      byId(r.users, 't-1').roles[0]!.roleType = 'secondary'
    },
    where: { entity: 'users', sourcedId: 't-1', path: ['roles', 0, 'roleType'] },
  },
  {
    code: 'grade_not_ceds',
    severity: 'warning',
    change: (r) => {
      byId(r.courses, 'c-hr').grades = ['3rd']
    },
    parameters: (p) => ({ ...p, allowedGrades: ['03', '3rd'] }),
    where: { entity: 'courses', sourcedId: 'c-hr', path: ['grades', 0] },
  },
  {
    code: 'grade_not_allowed',
    severity: 'error',
    change: (r) => {
      byId(r.courses, 'c-math').grades = ['03', '06']
    },
    where: { entity: 'courses', sourcedId: 'c-math', path: ['grades', 1] },
  },
  {
    code: 'invalid_date',
    severity: 'error',
    change: (r) => {
      byId(r.demographics, 'u-1').birthDate = '2015-02-30'
    },
    where: { entity: 'demographics', sourcedId: 'u-1', path: ['birthDate'] },
  },
  {
    code: 'date_range_reversed',
    severity: 'error',
    change: (r) => {
      Object.assign(byId(r.enrollments, 'e-1-math'), { beginDate: '2024-09-01', endDate: '2024-08-31' })
    },
    where: { entity: 'enrollments', sourcedId: 'e-1-math', path: ['endDate'] },
  },
  {
    code: 'session_outside_school_year',
    severity: 'warning',
    change: (r) => {
      byId(r.academicSessions, 't1').endDate = '2025-08-01'
    },
    where: { entity: 'academicSessions', sourcedId: 't1', path: ['endDate'] },
  },
  {
    code: 'class_not_at_school',
    severity: 'warning',
    change: (r) => {
      byId(r.classes, 'k-hr').schoolSourcedId = 'd1'
    },
    where: { entity: 'classes', sourcedId: 'k-hr', path: ['schoolSourcedId'] },
  },
  {
    code: 'role_inconsistency',
    severity: 'error',
    change: (r) => r.enrollments.push(enrollment('e-t-as-student', 't-1', 'k-math', 'student')),
    where: { entity: 'enrollments', sourcedId: 'e-t-as-student', path: ['role'] },
  },
  {
    code: 'class_without_teacher',
    severity: 'warning',
    change: (r) => {
      r.classes.push(klass('k-art', 'c-hr'))
      r.enrollments.push(enrollment('e-1-art', 'u-1', 'k-art'))
    },
    where: { entity: 'classes', sourcedId: 'k-art' },
  },
  {
    code: 'student_without_enrollment',
    severity: 'warning',
    change: (r) => addStudent(r, 'u-3', '03'),
    parameters: (p) => ({ ...p, testDistribution: 'school' }),
    where: { entity: 'users', sourcedId: 'u-3' },
  },
  {
    code: 'screening_class_missing',
    severity: 'error',
    change: (r) => {
      r.enrollments = r.enrollments.filter((e) => e.sourcedId !== 'e-2-hr')
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['screeningClass', 'reading'] },
  },
  {
    code: 'screening_class_ambiguous',
    severity: 'error',
    change: (r) => {
      r.classes.push(klass('k-hr2', 'c-hr', { classType: 'homeroom' }))
      r.enrollments.push(enrollment('e-t-hr2', 't-1', 'k-hr2', 'teacher'), enrollment('e-2-hr2', 'u-2', 'k-hr2'))
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['screeningClass', 'reading'] },
  },
  {
    code: 'outside_testing_measures',
    severity: 'warning',
    change: (r) => addStudent(r, 'u-4', '04'),
    where: { entity: 'users', sourcedId: 'u-4', path: ['grades'] },
  },
  {
    code: 'testing_measure_uncovered',
    severity: 'error',
    change: () => {},
    parameters: (p) => ({ ...p, testingMeasures: [...(p.testingMeasures ?? []), { id: 'writing', grades: ['3'] }] }),
    parametersBreak: true,
    where: { entity: 'roster', path: ['testingMeasures', 2, 'grades'] },
  },
  {
    code: 'testing_measure_uncovered',
    severity: 'error',
    change: () => {},
    parameters: (p) => ({
      ...p,
      testingMeasures: [...(p.testingMeasures ?? []), { id: 'science', grades: ['03'], subjects: ['Science'] }],
    }),
    parametersBreak: true,
    where: { entity: 'roster', path: ['testingMeasures', 2, 'subjects'] },
  },
  {
    code: 'testing_measure_uncovered',
    severity: 'error',
    change: (r) => {
      byId(r.courses, 'c-math').courseCode = 'MATH-03'
    },
    where: { entity: 'roster', path: ['testingMeasures', 1, 'courseCodes'] },
    parameters: (p) => ({
      ...p,
      testingMeasures: [
        p.testingMeasures![0]!,
        { ...p.testingMeasures![1]!, courseCodes: ['MATH-3'], screeningClass: { subjects: ['Mathematics'] } },
      ],
    }),
  },
  {
    code: 'missing_required_identifier',
    severity: 'error',
    change: (r) => {
      delete byId(r.users, 'u-2').stateId
    },
    where: { entity: 'users', sourcedId: 'u-2', path: ['stateId'] },
  },
  {
    code: 'email_domain_not_allowed',
    severity: 'error',
    change: (r) => {
      byId(r.users, 't-1').email = 'teacher@gmail.com'
    },
    where: { entity: 'users', sourcedId: 't-1', path: ['email'] },
  },
  {
    code: 'school_out_of_scope',
    severity: 'warning',
    change: (r) => r.orgs.push({ sourcedId: 's2', status: 'active', name: 'Other', type: 'school' }),
    where: { entity: 'orgs', sourcedId: 's2' },
  },
  {
    code: 'school_not_found',
    severity: 'error',
    change: () => {},
    parameters: (p) => ({ ...p, schools: ['SCH-1', 'SCH-9'] }),
    parametersBreak: true,
    where: { entity: 'roster', path: ['schools'] },
  },
  {
    code: 'no_students',
    severity: 'error',
    change: (r) => {
      r.users = r.users.filter((u) => u.sourcedId === 't-1')
      r.enrollments = r.enrollments.filter((e) => e.userSourcedId === 't-1')
      r.demographics = []
    },
    where: { entity: 'roster', path: ['users'] },
  },
  {
    code: 'incomplete_roster',
    severity: 'warning',
    change: (r) => {
      r.completeness.users = { complete: false, received: 4, expected: 5 }
      r.complete = false
    },
    where: { entity: 'roster', path: ['completeness', 'users'] },
  },
]

describe('the clean roster', () => {
  it('passes spec-level checks with no issue at all', () => {
    const report = validateRoster(cleanRoster())
    expect(report.issues).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.blocked).toBe(false)
  })

  it('passes every district parameter with no issue at all', () => {
    const report = validateRoster(cleanRoster(), fullParameters())
    expect(report.issues).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.summary.checked.enrollments).toBe(6)
  })
})

describe.each(CASES)('rule $code', ({ code, severity, change, parameters, parametersBreak, where }) => {
  const params = parameters ? parameters(fullParameters()) : fullParameters()

  it('passes on the clean roster', () => {
    expect(codesOf(validateRoster(cleanRoster(), parametersBreak ? fullParameters() : params))).toEqual([])
  })

  it('raises exactly this code on a roster that breaks only this rule', () => {
    const report = validateRoster(brokenRoster(change), params)
    expect(codesOf(report)).toEqual([code])
    const issue = report.issues[0]!
    expect(issue.severity).toBe(severity)
    expect(issue.message.length).toBeGreaterThan(0)
    expect(issue.hint).toBeTruthy()
    if (where) expect(issue).toMatchObject(where)
    expect(report.blocked).toBe(severity === 'error')
  })
})

it('covers every built-in code with a breaking case, except the quarantine limit tested on its own', async () => {
  const { VALIDATION_ISSUE_CODES } = await import('../../src/validate/index.js')
  const covered = new Set(CASES.map((c) => c.code))
  expect(VALIDATION_ISSUE_CODES.filter((c) => !covered.has(c))).toEqual(['quarantine_limit_exceeded'])
})
