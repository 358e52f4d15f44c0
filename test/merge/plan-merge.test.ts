import { describe, expect, it } from 'vitest'
import { isConfigurationError } from '../../src/errors.js'
import {
  createMergePolicy,
  defaultMergePolicy,
  type ExistingRecords,
  type HostRecord,
  type MergeAction,
  type MergeEntity,
  type MergePlan,
  type MergePolicyInput,
  planMerge,
  type UpdateAction,
} from '../../src/merge/index.js'
import type { Org, Roster, User } from '../../src/model/index.js'
import { course, enrollment, klass, org, roster, schoolRoster, user } from './builders.js'

const NS = 'district-1'
const owned = { namespace: NS, createdBySource: true }
const linkedOnly = { namespace: NS, createdBySource: false }

function plan(existing: ExistingRecords, incoming: Roster, policy: MergePolicyInput = {}): MergePlan {
  return planMerge({ existing, incoming, policy: { namespace: NS, ...policy }, options: { listUnchanged: true } })
}
function action(p: MergePlan, entity: MergeEntity, key: string): MergeAction | undefined {
  return (p.actions[entity] as MergeAction[]).find((a) => a.key === key)
}
function host<T extends User | Org>(hostId: string, record: T, extra: Partial<HostRecord<T>> = {}): HostRecord<T> {
  return { hostId, record, ...extra }
}
/** A host where school s1 and course c1 exist, created by this source. */
const base = (users: HostRecord<User>[] = [], more: ExistingRecords = {}): ExistingRecords => ({
  orgs: [host('H-s1', org('s1'), { origin: owned })],
  courses: [{ hostId: 'H-c1', record: course('c1'), origin: owned }],
  users,
  ...more,
})

describe('createMergePolicy', () => {
  it('defaults to create, skip existing, never archive, no demographics', () => {
    expect(defaultMergePolicy.roles.student).toMatchObject({
      sync: true,
      create: true,
      existing: 'skip',
      archive: false,
    })
    expect(defaultMergePolicy.entities.demographics.sync).toBe(false)
    expect(defaultMergePolicy.archiveThreshold).toBe(0.1)
    expect(defaultMergePolicy.userMatchKeys).toEqual(['email'])
    expect(defaultMergePolicy.schools.unmatched).toBe('hold')
  })
  it('fills a partial policy and keeps what was given', () => {
    const p = createMergePolicy({ roles: { teacher: { existing: 'autoUpdate' } } })
    expect(p.roles.teacher.existing).toBe('autoUpdate')
    expect(p.roles.teacher.create).toBe(true)
    expect(p.roles.student.existing).toBe('skip')
  })
  it('rejects an invalid policy with a ConfigurationError', () => {
    let caught: unknown
    try {
      createMergePolicy({ archiveThreshold: 2 })
    } catch (error) {
      caught = error
    }
    expect(isConfigurationError(caught)).toBe(true)
  })
})

describe('creates and existing records', () => {
  it('creates what the host lacks and counts per entity and role', () => {
    const p = plan(base(), schoolRoster({ users: [user('u1'), user('t1', 'teacher')] }))
    expect(action(p, 'users', 'u1')?.kind).toBe('create')
    expect(p.summary.byRole.student.create).toBe(1)
    expect(p.summary.byRole.teacher.create).toBe(1)
    expect(p.summary.byEntity.users.create).toBe(2)
  })
  it('skips new records of a role whose create is off, and every record of a role that does not sync', () => {
    const p = plan(base(), schoolRoster({ users: [user('u1'), user('t1', 'teacher'), user('g1', 'guardian')] }), {
      roles: { teacher: { create: false }, contact: { sync: false } },
    })
    expect(action(p, 'users', 'u1')?.kind).toBe('create')
    expect(action(p, 'users', 't1')).toMatchObject({ kind: 'skip', reason: 'create-disabled' })
    expect(action(p, 'users', 'g1')).toMatchObject({ kind: 'skip', reason: 'not-synced' })
  })
  it('skip policy lists differences without updating; equal records are unchanged', () => {
    const existing = base([
      host('H1', user('u1', 'student', { familyName: 'Old' }), { origin: owned }),
      host('H2', user('u2'), { origin: owned }),
    ])
    const p = plan(existing, schoolRoster({ users: [user('u1'), user('u2')] }))
    expect(action(p, 'users', 'u1')).toMatchObject({
      kind: 'skip',
      reason: 'existing-skip',
      hostId: 'H1',
      changes: [{ field: 'familyName', before: 'Old', after: 'Familyu1' }],
    })
    expect(action(p, 'users', 'u2')).toMatchObject({ kind: 'unchanged', hostId: 'H2' })
    expect(p.summary.total.update).toBe(0)
  })
  it('unchanged records are counted but not listed unless asked', () => {
    const existing = base([host('H2', user('u2'), { origin: owned })])
    const p = planMerge({ existing, incoming: schoolRoster({ users: [user('u2')] }), policy: { namespace: NS } })
    expect(p.actions.users).toEqual([])
    expect(p.summary.byEntity.users.unchanged).toBe(1)
  })
  it('autoUpdate writes field-level changes', () => {
    const existing = base([
      host('H1', user('u1', 'student', { familyName: 'Old', email: 'x@d.org' }), { origin: owned }),
    ])
    const p = plan(existing, schoolRoster({ users: [user('u1')] }), { roles: { student: { existing: 'autoUpdate' } } })
    const update = action(p, 'users', 'u1') as UpdateAction
    expect(update.kind).toBe('update')
    expect(update.changes).toEqual([
      { field: 'email', before: 'x@d.org', after: undefined },
      { field: 'familyName', before: 'Old', after: 'Familyu1' },
    ])
    expect(update.record).toEqual(user('u1'))
    expect(update.link).toBe(false)
  })
  it('keeps host-edited fields unless the source wins', () => {
    const edited = host('H1', user('u1', 'student', { familyName: 'Edited', givenName: 'Old' }), {
      origin: owned,
      hostEditedFields: ['familyName'],
    })
    const incoming = schoolRoster({ users: [user('u1')] })
    const p = plan(base([edited]), incoming, { roles: { student: { existing: 'autoUpdate' } } })
    const update = action(p, 'users', 'u1') as UpdateAction
    expect(update.changes.map((c) => c.field)).toEqual(['givenName'])
    expect(update.kept.map((c) => c.field)).toEqual(['familyName'])
    expect((update.record as User).familyName).toBe('Edited')

    const onlySticky = host('H1', user('u1', 'student', { familyName: 'Edited' }), {
      origin: owned,
      hostEditedFields: ['familyName'],
    })
    const q = plan(base([onlySticky]), incoming, { roles: { student: { existing: 'autoUpdate' } } })
    expect(action(q, 'users', 'u1')).toMatchObject({ kind: 'skip', reason: 'host-edited' })

    const r = plan(base([onlySticky]), incoming, {
      roles: { student: { existing: 'autoUpdate', sisWins: ['familyName'] } },
    })
    expect((action(r, 'users', 'u1') as UpdateAction).changes.map((c) => c.field)).toEqual(['familyName'])
  })
  it('never compares nor writes ignored fields', () => {
    const existing = base([host('H1', user('u1', 'student', { phone: '555' }), { origin: owned })])
    const p = plan(existing, schoolRoster({ users: [user('u1', 'student', { phone: '777' })] }), {
      roles: { student: { existing: 'autoUpdate', ignoreFields: ['phone'] } },
    })
    expect(action(p, 'users', 'u1')?.kind).toBe('unchanged')
  })
  it('restores an archived record under autoUpdate, not under skip', () => {
    const existing = base([host('H1', user('u1'), { origin: owned, archived: true })])
    const auto = plan(existing, schoolRoster({ users: [user('u1')] }), {
      roles: { student: { existing: 'autoUpdate' } },
    })
    expect(action(auto, 'users', 'u1')).toMatchObject({ kind: 'update', restore: true })
    const skip = plan(existing, schoolRoster({ users: [user('u1')] }))
    expect(action(skip, 'users', 'u1')).toMatchObject({ kind: 'skip', reason: 'existing-skip' })
  })
  it('skips records whose required references the host will not have', () => {
    const incoming = schoolRoster({
      classes: [klass('k1', 's1')],
      users: [user('u1'), user('t1', 'teacher')],
      enrollments: [enrollment('e1', 'u1', 'k1'), enrollment('e2', 't1', 'k1')],
    })
    const p = plan(base(), incoming, { roles: { teacher: { sync: false } } })
    expect(action(p, 'enrollments', 'e1')?.kind).toBe('create')
    expect(action(p, 'enrollments', 'e2')).toMatchObject({
      kind: 'skip',
      reason: 'reference-missing',
      detail: 'user t1',
    })
  })
  it('gives users without a role no policy', () => {
    const p = plan(base(), schoolRoster({ users: [user('u1', 'student', { roles: [] })] }))
    expect(action(p, 'users', 'u1')).toMatchObject({ kind: 'skip', reason: 'no-role' })
  })
})

describe('matching users', () => {
  const handMade = (hostId: string, email: string) => host(hostId, user(`local-${hostId}`, 'teacher', { email }))
  it('links a hand-made host user by normalised email, writing no field under skip', () => {
    const existing = base([handMade('H1', 'Ann.Lee@District.org')])
    const p = plan(existing, schoolRoster({ users: [user('t1', 'teacher', { email: ' ann.lee@district.org ' })] }))
    const update = action(p, 'users', 't1') as UpdateAction
    expect(update).toMatchObject({ kind: 'update', hostId: 'H1', matchedBy: 'email', link: true, changes: [] })
    expect(update.record).toEqual({ ...handMade('H1', 'Ann.Lee@District.org').record, sourcedId: 't1' })
  })
  it('tries the configured keys in order', () => {
    const existing = base([host('H1', user('local', 'teacher', { stateId: 'TX-00123' }))])
    const incoming = schoolRoster({ users: [user('t1', 'teacher', { stateId: 'tx00123' })] })
    expect(action(plan(existing, incoming), 'users', 't1')?.kind).toBe('create')
    expect(action(plan(existing, incoming, { userMatchKeys: ['email', 'stateId'] }), 'users', 't1')).toMatchObject({
      kind: 'update',
      matchedBy: 'stateId',
    })
  })
  it('turns ambiguous matches into conflicts, never guesses', () => {
    const existing = base([handMade('H1', 'a@d.org'), handMade('H2', 'a@d.org')])
    const p = plan(existing, schoolRoster({ users: [user('t1', 'teacher', { email: 'a@d.org' })] }))
    expect(action(p, 'users', 't1')).toMatchObject({
      kind: 'conflict',
      reason: 'ambiguous-match',
      hostIds: ['H1', 'H2'],
    })
  })
  it('flags two incoming users that match one host user', () => {
    const existing = base([handMade('H1', 'a@d.org')])
    const incoming = schoolRoster({
      users: [user('t1', 'teacher', { email: 'a@d.org' }), user('t2', 'teacher', { email: 'A@d.org' })],
    })
    const p = plan(existing, incoming)
    for (const key of ['t1', 't2']) {
      expect(action(p, 'users', key)).toMatchObject({
        kind: 'conflict',
        reason: 'shared-match',
        incomingKeys: ['t1', 't2'],
      })
    }
  })
  it('flags a match with a user another source owns, and one linked to another sourcedId', () => {
    const existing = base([
      host('H1', user('x1', 'teacher', { email: 'a@d.org' }), {
        origin: { namespace: 'other', createdBySource: true },
      }),
      host('H2', user('old', 'teacher', { email: 'b@d.org' }), { origin: owned }),
    ])
    const incoming = schoolRoster({
      users: [user('t1', 'teacher', { email: 'a@d.org' }), user('t2', 'teacher', { email: 'b@d.org' })],
    })
    const p = plan(existing, incoming)
    expect(action(p, 'users', 't1')).toMatchObject({ kind: 'conflict', reason: 'owned-by-other-source' })
    expect(action(p, 'users', 't2')).toMatchObject({ kind: 'conflict', reason: 'linked-to-other-record' })
  })
  it('flags duplicate sourcedIds in the incoming roster and in the host', () => {
    const existing = base([host('H1', user('u2'), { origin: owned }), host('H2', user('u2'), { origin: owned })])
    const p = plan(
      existing,
      schoolRoster({ users: [user('u1'), user('u1', 'student', { familyName: 'B' }), user('u2')] }),
    )
    expect(action(p, 'users', 'u1')).toMatchObject({ kind: 'conflict', reason: 'duplicate-incoming' })
    expect(action(p, 'users', 'u2')).toMatchObject({
      kind: 'conflict',
      reason: 'duplicate-existing',
      hostIds: ['H1', 'H2'],
    })
  })
  it('keeps every other host record paired when several share a sourcedId among them', () => {
    const existing = base([
      host('H1', user('u1'), { origin: owned }),
      host('H2', user('u2'), { origin: owned }),
      host('H3', user('u3'), { origin: owned }),
      host('H4', user('u2'), { origin: owned }),
      host('H5', user('u4'), { origin: owned }),
      host('H6', user('u2'), { origin: owned }),
      host('H7', user('u3'), { origin: owned }),
    ])
    const p = plan(existing, schoolRoster({ users: ['u1', 'u2', 'u3', 'u4'].map((id) => user(id)) }))
    expect(action(p, 'users', 'u2')).toMatchObject({ reason: 'duplicate-existing', hostIds: ['H2', 'H4', 'H6'] })
    expect(action(p, 'users', 'u3')).toMatchObject({ reason: 'duplicate-existing', hostIds: ['H3', 'H7'] })
    expect(p.summary.byEntity.users).toMatchObject({ conflict: 2, unchanged: 2, create: 0, archive: 0 })
  })
  it('matches sourcedIds only within the namespace', () => {
    const existing = base([host('H1', user('u1'), { origin: { namespace: 'other', createdBySource: true } })])
    const p = plan(existing, schoolRoster({ users: [user('u1')] }), { userMatchKeys: [] })
    expect(action(p, 'users', 'u1')?.kind).toBe('create')
  })
})

describe('school matching', () => {
  const hostSchool = (hostId: string, extra: Partial<Org>) => host(hostId, org(`local-${hostId}`, extra))
  const incoming = (orgs: Org[]) =>
    roster({
      orgs,
      courses: [course('c1')],
      classes: [klass('k1', 'sA')],
      users: [user('u1')],
      enrollments: [enrollment('e1', 'u1', 'k1', 'sA')],
    })
  const existingWith = (...schools: HostRecord<Org>[]) => ({
    orgs: schools,
    courses: [{ hostId: 'H-c1', record: course('c1'), origin: owned }],
  })

  it('matches by identifier, NCES id without leading zeros, state id and normalised name', () => {
    const cases: Array<[Partial<Org>, Partial<Org>, string]> = [
      [{ identifier: 'LIN-1' }, { identifier: 'lin 1' }, 'school:identifier'],
      [{ ncesId: '012345678901' }, { ncesId: '12345678901' }, 'school:ncesId'],
      [{ stateId: '57-001' }, { stateId: '57001' }, 'school:stateId'],
      [{ name: 'The Lincoln Elem. School' }, { name: 'Lincoln Elementary' }, 'school:name'],
    ]
    for (const [incomingFields, hostFields, by] of cases) {
      const p = plan(existingWith(hostSchool('HS', hostFields)), incoming([org('sA', incomingFields)]))
      expect(p.schools.matched).toEqual([{ sourcedId: 'sA', hostId: 'HS', matchedBy: by }])
      expect(action(p, 'orgs', 'sA')).toMatchObject({ kind: 'update', link: true, hostId: 'HS' })
      expect(action(p, 'classes', 'k1')?.kind).toBe('create')
    }
  })
  it('holds an unmatched school with its classes and enrollments, and lists it', () => {
    const p = plan(existingWith(hostSchool('HS', { name: 'Elsewhere' })), incoming([org('sA', { identifier: 'A1' })]))
    expect(action(p, 'orgs', 'sA')).toMatchObject({ kind: 'skip', reason: 'school-unmatched' })
    expect(action(p, 'classes', 'k1')).toMatchObject({ kind: 'skip', reason: 'school-unmatched' })
    expect(action(p, 'enrollments', 'e1')).toMatchObject({ kind: 'skip', reason: 'school-unmatched' })
    expect(p.schools.unmatched).toEqual([
      { sourcedId: 'sA', name: 'School sA', identifier: 'A1', candidates: [], heldClasses: 1, heldEnrollments: 1 },
    ])
  })
  it('creates an unmatched school when told to', () => {
    const p = plan(existingWith(), incoming([org('sA')]), { schools: { unmatched: 'create' } })
    expect(action(p, 'orgs', 'sA')?.kind).toBe('create')
    expect(action(p, 'enrollments', 'e1')?.kind).toBe('create')
  })
  it('takes a manual override over automatic keys', () => {
    const p = plan(
      existingWith(hostSchool('HS1', { name: 'School sA' }), hostSchool('HS2', { name: 'Other' })),
      incoming([org('sA')]),
      { schools: { overrides: { sA: 'HS2' } } },
    )
    expect(p.schools.matched).toEqual([{ sourcedId: 'sA', hostId: 'HS2', matchedBy: 'school:override' }])
  })
  it('holds a school whose name matches several host schools, listing the candidates', () => {
    const p = plan(
      existingWith(hostSchool('HS1', { name: 'Lincoln' }), hostSchool('HS2', { name: 'lincoln school' })),
      incoming([org('sA', { name: 'Lincoln' })]),
      { schools: { unmatched: 'create' } },
    )
    expect(p.schools.unmatched[0]?.candidates).toEqual(['HS1', 'HS2'])
    expect(action(p, 'orgs', 'sA')).toMatchObject({ kind: 'skip', reason: 'school-unmatched' })
  })
})

describe('archive guards', () => {
  const students = (n: number) => Array.from({ length: n }, (_, i) => user(`u${i}`))
  const hosted = (users: User[], origin = owned) => users.map((u, i) => host(`H${i}`, u, { origin }))
  const archiving: MergePolicyInput = { roles: { student: { archive: true } } }

  it('archives only records this source created, and only when archive is on', () => {
    const existing = base([
      ...hosted(students(20)),
      host('HM', user('manual')),
      host('HL', user('linked'), { origin: linkedOnly }),
    ])
    const incoming = schoolRoster({ users: students(19) })
    const p = plan(existing, incoming, archiving)
    expect(action(p, 'users', 'u19')).toMatchObject({ kind: 'archive', reason: 'absent', hostId: 'H19' })
    expect(action(p, 'users', 'manual')).toBeUndefined()
    expect(action(p, 'users', 'linked')).toMatchObject({ kind: 'skip', reason: 'not-owned' })
    const off = plan(existing, incoming)
    expect(action(off, 'users', 'u19')).toMatchObject({ kind: 'skip', reason: 'archive-disabled' })
  })
  it('archives nothing from an incomplete roster or an incomplete collection', () => {
    const existing = base(hosted(students(20)))
    const incomplete = { ...schoolRoster({ users: students(19) }), complete: false }
    const p = plan(existing, incomplete, archiving)
    expect(p.summary.total.archive).toBe(0)
    expect(action(p, 'users', 'u19')).toMatchObject({ kind: 'skip', reason: 'archive-blocked' })

    const partialUsers = schoolRoster({ users: students(19) })
    partialUsers.completeness.users = { complete: false, received: 19, expected: 20, reason: 'page 3 failed' }
    const q = plan(existing, { ...partialUsers, complete: true }, archiving)
    expect(q.summary.total.archive).toBe(0)
    expect(q.archiveBlocks).toContainEqual({
      entity: 'users',
      reason: 'the users collection is incomplete: page 3 failed',
    })
  })
  it('a delta archives only what it marks tobedeleted', () => {
    const existing = base(hosted(students(20)))
    const delta = {
      ...schoolRoster({ users: [user('u3', 'student', { status: 'tobedeleted' })] }),
      mode: 'delta' as const,
    }
    const p = plan(existing, delta, archiving)
    expect(p.summary.total.archive).toBe(1)
    expect(action(p, 'users', 'u3')).toMatchObject({ kind: 'archive', reason: 'tobedeleted' })
  })
  it('a bulk roster archives records it marks tobedeleted too', () => {
    const incoming = schoolRoster({ users: [...students(19), user('u19', 'student', { status: 'tobedeleted' })] })
    const p = plan(base(hosted(students(20))), incoming, archiving)
    expect(action(p, 'users', 'u19')).toMatchObject({ kind: 'archive', reason: 'tobedeleted' })
  })
  it('requires approval above the threshold per role and per school', () => {
    const existing = base(hosted(students(20)))
    const two = plan(existing, schoolRoster({ users: students(18) }), archiving)
    expect(two.requiresApproval).toBe(false)
    const three = plan(existing, schoolRoster({ users: students(17) }), archiving)
    expect(three.requiresApproval).toBe(true)
    expect(three.approvalReasons.map((r) => [r.scope, r.subject, r.archived, r.total])).toEqual([
      ['role', 'student', 3, 20],
      ['school', 's1', 3, 20],
    ])
    const lenient = plan(existing, schoolRoster({ users: students(17) }), { ...archiving, archiveThreshold: 0.5 })
    expect(lenient.requiresApproval).toBe(false)
  })
  it('measures a school on its own even when the role overall stays under the threshold', () => {
    const inS2 = (u: User): User => ({ ...u, roles: [{ roleType: 'primary', role: 'student', orgSourcedId: 's2' }] })
    const all = [...students(30), ...students(5).map((u) => inS2({ ...u, sourcedId: `v${u.sourcedId}` }))]
    const p = plan(base(hosted(all)), schoolRoster({ users: all.slice(0, 33) }), archiving)
    expect(p.approvalReasons.map((r) => [r.scope, r.subject])).toEqual([['school', 's2']])
  })
})

describe('determinism', () => {
  it('gives byte-identical plans for the same inputs in any order', () => {
    const users = [user('u1'), user('u2', 'teacher', { email: 'x@d.org' }), user('u3'), user('u1')]
    const existingUsers = [
      host('H1', user('u3', 'student', { familyName: 'Z' }), { origin: owned }),
      host('H9', user('m', 'teacher', { email: 'X@d.org' })),
    ]
    const a = plan(base(existingUsers), schoolRoster({ users }), archiving())
    const b = plan(base([...existingUsers].reverse()), schoolRoster({ users: [...users].reverse() }), archiving())
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })
  it('fingerprints the host state, not its order', () => {
    const records = [host('H1', user('u1'), { origin: owned }), host('H2', user('u2'))]
    const a = plan({ users: records }, schoolRoster()).fingerprint
    expect(plan({ users: [...records].reverse() }, schoolRoster()).fingerprint).toBe(a)
    const edited = [
      records[0] as HostRecord<User>,
      { ...(records[1] as HostRecord<User>), hostEditedFields: ['email'] },
    ]
    expect(plan({ users: edited }, schoolRoster()).fingerprint).not.toBe(a)
  })
})

function archiving(): MergePolicyInput {
  return { roles: { student: { archive: true, existing: 'autoUpdate' } } }
}
