import { describe, expect, it } from 'vitest'
import { createRoster, indexRoster, primaryRoleCategory, type User } from '../../src/model/index.js'

function person(sourcedId: string, roles: User['roles']): User {
  return {
    sourcedId,
    status: 'active',
    userIds: [],
    enabledUser: true,
    givenName: 'A',
    familyName: 'B',
    roles,
    agentSourcedIds: [],
    grades: [],
  }
}

const roster = createRoster({
  source: { kind: 'host' },
  orgs: [
    { sourcedId: 's1', status: 'active', name: 'One', type: 'school' },
    { sourcedId: 's2', status: 'active', name: 'Two', type: 'school' },
  ],
  users: [
    person('t1', [
      { roleType: 'primary', role: 'teacher', orgSourcedId: 's1' },
      { roleType: 'secondary', role: 'teacher', orgSourcedId: 's2' },
    ]),
    person('p1', [
      { roleType: 'secondary', role: 'teacher', orgSourcedId: 's1' },
      { roleType: 'primary', role: 'principal', orgSourcedId: 's2' },
    ]),
    person('st1', [{ roleType: 'primary', role: 'student', orgSourcedId: 's1' }]),
    person('st1', [{ roleType: 'primary', role: 'student', orgSourcedId: 's2' }]),
    person('none', []),
  ],
  classes: [
    {
      sourcedId: 'c1',
      status: 'active',
      title: 'Math',
      grades: [],
      subjects: [],
      subjectCodes: [],
      periods: [],
      courseSourcedId: 'k1',
      schoolSourcedId: 's1',
      termSourcedIds: ['t'],
    },
  ],
  enrollments: [
    {
      sourcedId: 'e1',
      status: 'active',
      userSourcedId: 'st1',
      classSourcedId: 'c1',
      schoolSourcedId: 's1',
      role: 'student',
    },
    {
      sourcedId: 'e2',
      status: 'active',
      userSourcedId: 't1',
      classSourcedId: 'c1',
      schoolSourcedId: 's1',
      role: 'teacher',
    },
  ],
})

describe('indexRoster', () => {
  it('builds once per roster object and shares the result', () => {
    expect(indexRoster(roster)).toBe(indexRoster(roster))
    expect(indexRoster({ ...roster })).not.toBe(indexRoster(roster))
  })

  it('maps records by sourcedId, first occurrence winning', () => {
    const index = indexRoster(roster)
    expect(index.users.size).toBe(4)
    expect(index.users.get('st1')?.roles[0]?.orgSourcedId).toBe('s1')
    expect(index.orgs.get('s2')?.name).toBe('Two')
  })

  it('groups users by org and by role category, once per user', () => {
    const index = indexRoster(roster)
    expect(index.usersByOrg.get('s1')?.map((u) => u.sourcedId)).toEqual(['t1', 'p1', 'st1'])
    expect(index.usersByOrg.get('s2')?.map((u) => u.sourcedId)).toEqual(['t1', 'p1', 'st1'])
    expect(index.usersByCategory.get('teacher')?.map((u) => u.sourcedId)).toEqual(['t1', 'p1'])
    expect(index.usersByCategory.get('schoolAdmin')?.map((u) => u.sourcedId)).toEqual(['p1'])
    expect(index.usersByCategory.get('student')).toHaveLength(2)
  })

  it('groups enrollments by class and user, and classes by school', () => {
    const index = indexRoster(roster)
    expect(index.enrollmentsByClass.get('c1')?.map((e) => e.sourcedId)).toEqual(['e1', 'e2'])
    expect(index.enrollmentsByUser.get('t1')?.map((e) => e.sourcedId)).toEqual(['e2'])
    expect(index.enrollmentsByUser.get('p1')).toBeUndefined()
    expect(index.classesBySchool.get('s1')?.map((c) => c.sourcedId)).toEqual(['c1'])
  })
})

describe('primaryRoleCategory', () => {
  it('uses the primary role, else the first, else nothing', () => {
    const users = roster.users
    expect(primaryRoleCategory(users[1] as User)).toBe('schoolAdmin')
    expect(primaryRoleCategory(person('x', [{ roleType: 'secondary', role: 'parent', orgSourcedId: 's1' }]))).toBe(
      'contact',
    )
    expect(primaryRoleCategory(users[4] as User)).toBeUndefined()
  })
})
