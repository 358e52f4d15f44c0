import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ExistingRecords,
  type MergeAction,
  type MergePlan,
  planMerge,
  type UpdateAction,
} from '../../src/merge/index.js'
import type { Class, Roster, User } from '../../src/model/index.js'
import { course, klass, org, schoolRoster, user } from './builders.js'

const NS = 'district-1'
const owned = { namespace: NS, createdBySource: true }
const policy = {
  namespace: NS,
  roles: { student: { existing: 'autoUpdate' as const } },
  entities: { classes: { existing: 'autoUpdate' as const } },
}

function plan(existing: ExistingRecords, incoming: Roster): MergePlan {
  return planMerge({ existing, incoming, policy, options: { listUnchanged: true } })
}
const hostOf = (users: User[], classes: Class[] = []): ExistingRecords => ({
  orgs: [{ hostId: 'H-s1', record: org('s1'), origin: owned }],
  courses: [{ hostId: 'H-c1', record: course('c1'), origin: owned }],
  classes: classes.map((record, i) => ({ hostId: `H-k${i}`, record, origin: owned })),
  users: users.map((record, i) => ({ hostId: `H-u${i}`, record, origin: owned })),
})
const only = (p: MergePlan, entity: 'users' | 'classes'): MergeAction => {
  const actions = p.actions[entity] as MergeAction[]
  expect(actions).toHaveLength(1)
  return actions[0] as MergeAction
}

const student = (extra: Partial<User> = {}): User =>
  user('u1', 'student', {
    roles: [
      { roleType: 'primary', role: 'student', orgSourcedId: 's1' },
      { roleType: 'secondary', role: 'student', orgSourcedId: 's2' },
    ],
    grades: ['09', '10'],
    userIds: [
      { type: 'LDAP', identifier: 'ann' },
      { type: 'SIS', identifier: '42' },
    ],
    agentSourcedIds: ['p1', 'p2'],
    ...extra,
  })
const section = (extra: Partial<Class> = {}): Class =>
  klass('k1', 's1', {
    grades: ['09', '10'],
    subjects: ['Math', 'Science'],
    subjectCodes: ['M1', 'S1'],
    periods: ['1', '2'],
    termSourcedIds: ['t1', 't2'],
    ...extra,
  })

describe('unordered array fields', () => {
  it('sees a user whose roles, grades, userIds and agents come in another order as unchanged', () => {
    const incoming = student({
      roles: [...student().roles].reverse(),
      grades: ['10', '09'],
      userIds: [...student().userIds].reverse(),
      agentSourcedIds: ['p2', 'p1'],
    })
    const p = plan(hostOf([student()]), schoolRoster({ users: [incoming] }))
    expect(only(p, 'users').kind).toBe('unchanged')
    expect(p.summary.total.update).toBe(0)
  })

  it('sees a class whose grades, subjects, periods and terms come in another order as unchanged', () => {
    const incoming = section({
      grades: ['10', '09'],
      subjects: ['Science', 'Math'],
      subjectCodes: ['S1', 'M1'],
      periods: ['2', '1'],
      termSourcedIds: ['t2', 't1'],
    })
    const p = plan(hostOf([], [section()]), schoolRoster({ classes: [incoming] }))
    expect(only(p, 'classes').kind).toBe('unchanged')
  })

  it('still updates when the elements differ, counting repeated elements', () => {
    const p = plan(
      hostOf([student({ grades: ['09', '09', '10'] })]),
      schoolRoster({ users: [student({ grades: ['10', '10', '09'] })] }),
    )
    const update = only(p, 'users') as UpdateAction
    expect(update.kind).toBe('update')
    expect(update.changes).toEqual([{ field: 'grades', before: ['09', '09', '10'], after: ['09', '10', '10'] }])
  })

  it('keeps order-sensitive comparison for other arrays', () => {
    // metadata is free-form: the order of its arrays may mean something to the host.
    const p = plan(
      hostOf([student({ metadata: { tags: ['a', 'b'] } })]),
      schoolRoster({ users: [student({ metadata: { tags: ['b', 'a'] } })] }),
    )
    expect(only(p, 'users').kind).toBe('update')
  })

  it('shows changed unordered arrays in one canonical order, whatever order either side holds them in', () => {
    const hostRoles = student().roles
    const sourceRoles = [...hostRoles, { roleType: 'secondary' as const, role: 'student' as const, orgSourcedId: 's0' }]
    const permutation = <T>(items: readonly T[]) =>
      fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length })
    fc.assert(
      fc.property(
        permutation(hostRoles),
        permutation(sourceRoles),
        permutation(['09', '10', '11']),
        (hostOrder, sourceOrder, grades) => {
          const p = plan(
            hostOf([student({ roles: hostOrder })]),
            schoolRoster({ users: [student({ roles: sourceOrder, grades })] }),
          )
          const update = only(p, 'users') as UpdateAction
          expect(update.kind).toBe('update')
          expect(JSON.stringify(update.changes)).toBe(
            JSON.stringify([
              { field: 'grades', before: ['09', '10'], after: ['09', '10', '11'] },
              {
                field: 'roles',
                before: [hostRoles[0], hostRoles[1]],
                after: [sourceRoles[2], sourceRoles[0], sourceRoles[1]],
              },
            ]),
          )
        },
      ),
      { numRuns: 50 },
    )
  })
})
