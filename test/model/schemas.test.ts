import { describe, expect, it } from 'vitest'
import { isModelValidationError, ModelValidationError } from '../../src/errors.js'
import {
  ClassSchema,
  createRoster,
  DemographicsSchema,
  EnrollmentSchema,
  OrgSchema,
  parseRoster,
  type Roster,
  RosterSchema,
  type User,
  UserSchema,
} from '../../src/model/index.js'
import { generateDistrict } from '../../src/testing/generate-district.js'

const district = generateDistrict({ seed: 11, students: 200, schools: { elementary: 1, middle: 1, high: 1 } })

function user(overrides: Partial<User> = {}): User {
  return {
    sourcedId: 'u1',
    status: 'active',
    userIds: [],
    enabledUser: true,
    givenName: 'Ana',
    familyName: 'Lopez',
    roles: [{ roleType: 'primary', role: 'student', orgSourcedId: 's1' }],
    agentSourcedIds: [],
    grades: ['05'],
    ...overrides,
  }
}

/** The first issue of a failed parse, as [path, code]. */
function firstIssue(result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string }[] } }) {
  expect(result.success).toBe(false)
  const issue = result.error?.issues[0]
  return [issue?.path, issue?.code]
}

describe('canonical schemas', () => {
  it('accept every record the district generator makes', () => {
    expect(RosterSchema.safeParse(district).success).toBe(true)
    const parsed = parseRoster(JSON.parse(JSON.stringify(district)))
    expect(parsed.users).toHaveLength(district.users.length)
    expect(parsed.metadata).toEqual(district.metadata)
  })

  it('keep unknown source fields in metadata rather than dropping them', () => {
    const parsed = UserSchema.parse(user({ metadata: { 'ext:homeroomTeacher': 'T9', nested: { a: 1 } } }))
    expect(parsed.metadata).toEqual({ 'ext:homeroomTeacher': 'T9', nested: { a: 1 } })
  })

  it('accept OneRoster 1.1 and 1.2 roles, contacts and extension values', () => {
    for (const role of ['administrator', 'districtAdministrator', 'guardian', 'parent', 'relative', 'ext:librarian']) {
      const result = UserSchema.safeParse(
        user({ roles: [{ roleType: 'primary', role: role as 'aide', orgSourcedId: 's1' }] }),
      )
      expect(result.success, role).toBe(true)
    }
  })

  it('reject a user without a given name, naming the field', () => {
    const { givenName: _, ...rest } = user()
    expect(firstIssue(UserSchema.safeParse(rest))).toEqual([['givenName'], 'invalid_type'])
  })

  it('reject an unknown role at the exact role path', () => {
    const bad = user({ roles: [{ roleType: 'primary', role: 'Teacher' as 'teacher', orgSourcedId: 's1' }] })
    const result = UserSchema.safeParse(bad)
    expect(result.success).toBe(false)
    expect(result.error?.issues.every((i) => i.path.join('.') === 'roles.0.role')).toBe(true)
  })

  it('reject a role type other than primary or secondary', () => {
    const bad = user({ roles: [{ roleType: 'main' as 'primary', role: 'teacher', orgSourcedId: 's1' }] })
    expect(firstIssue(UserSchema.safeParse(bad))).toEqual([['roles', 0, 'roleType'], 'invalid_value'])
  })

  it('reject a malformed date and a date-time without a zone', () => {
    const enrollment = {
      sourcedId: 'e1',
      status: 'active',
      userSourcedId: 'u1',
      classSourcedId: 'c1',
      schoolSourcedId: 's1',
      role: 'student',
      beginDate: '2024-8-1',
    }
    expect(firstIssue(EnrollmentSchema.safeParse(enrollment))).toEqual([['beginDate'], 'invalid_format'])
    const noZone = { ...enrollment, beginDate: '2024-08-01', dateLastModified: '2024-08-01T10:00:00' }
    expect(firstIssue(EnrollmentSchema.safeParse(noZone))).toEqual([['dateLastModified'], 'invalid_format'])
  })

  it('reject an empty sourcedId and an unknown status', () => {
    expect(firstIssue(OrgSchema.safeParse({ sourcedId: '', status: 'active', name: 'X', type: 'school' }))).toEqual([
      ['sourcedId'],
      'too_small',
    ])
    expect(firstIssue(OrgSchema.safeParse({ sourcedId: 'o', status: 'inactive', name: 'X', type: 'school' }))).toEqual([
      ['status'],
      'invalid_value',
    ])
  })

  it('reject a class without its course and a bad extension class type', () => {
    const cls = district.classes[0]
    const { courseSourcedId: _, ...noCourse } = cls as NonNullable<typeof cls>
    expect(firstIssue(ClassSchema.safeParse(noCourse))).toEqual([['courseSourcedId'], 'invalid_type'])
    const result = ClassSchema.safeParse({ ...cls, classType: 'ext:' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['classType'])
  })

  it('reject demographics with a sex outside the vocabulary', () => {
    const result = DemographicsSchema.safeParse({ sourcedId: 'u1', status: 'active', sex: 'M' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path)).toEqual([['sex']])
  })
})

describe('parseRoster', () => {
  it('throws a ModelValidationError listing each issue with its full path', () => {
    const broken = JSON.parse(JSON.stringify(district)) as Roster
    delete (broken.users[3] as Partial<User>).familyName
    ;(broken.enrollments[10] as { role: string }).role = 'pupil'
    let caught: unknown
    try {
      parseRoster(broken)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ModelValidationError)
    expect(isModelValidationError(caught)).toBe(true)
    const error = caught as ModelValidationError
    expect(error.code).toBe('ROSTERKIT_MODEL')
    const paths = error.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('users.3.familyName')
    expect(paths).toContain('enrollments.10.role')
    expect(error.message).toContain('users.3.familyName')
    expect(error.toJSON().issues).toContainEqual(expect.objectContaining({ path: ['users', '3', 'familyName'] }))
  })

  it('rejects a roster whose pulledAt is not a date-time and whose mode is unknown', () => {
    const roster = { ...createRoster({ source: { kind: 'host' } }), pulledAt: 'yesterday', mode: 'full' }
    expect(() => parseRoster(roster)).toThrow(ModelValidationError)
    const result = RosterSchema.safeParse(roster)
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['mode', 'pulledAt'])
  })

  it('rejects things that are not rosters at all', () => {
    expect(() => parseRoster(null)).toThrow(ModelValidationError)
    expect(() => parseRoster('roster')).toThrow(/canonical model/)
  })
})
