import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyMergePlan,
  type ExistingRecords,
  type HostRecord,
  MERGE_ENTITIES,
  type MergeAction,
  type MergePlan,
  type MergePolicyInput,
  planMerge,
  type RecordOrigin,
} from '../../src/merge/index.js'
import { ROLE_CATEGORIES, type Roster, type User } from '../../src/model/index.js'
import { MemoryRosterStore } from '../../src/testing/memory-store.js'
import { course, enrollment, klass, org, roster, user } from './builders.js'

const NS = 'ns'
const ROLES = ['student', 'teacher', 'aide', 'principal', 'guardian'] as const
const SCHOOLS = ['s0', 's1', 's2']

const userArb = fc.record({
  id: fc.integer({ min: 0, max: 9 }),
  role: fc.constantFrom(...ROLES),
  school: fc.constantFrom(...SCHOOLS),
  email: fc.option(fc.constantFrom('a@d.org', 'B@d.org', 'c@d.org', 'b@d.org '), { nil: undefined }),
  family: fc.constantFrom('Lee', 'Kim'),
  deleted: fc.boolean(),
})
type UserSpec = typeof userArb extends fc.Arbitrary<infer T> ? T : never
const toUser = (u: UserSpec, prefix = 'u'): User =>
  user(`${prefix}${u.id}`, u.role, {
    familyName: u.family,
    roles: [{ roleType: 'primary', role: u.role, orgSourcedId: u.school }],
    ...(u.email === undefined ? {} : { email: u.email }),
    ...(u.deleted ? { status: 'tobedeleted' as const } : {}),
  })

const incomingArb = fc
  .record({
    schools: fc.subarray(SCHOOLS),
    schoolNames: fc.constantFrom('Lincoln', 'Adams'),
    users: fc.array(userArb, { maxLength: 10 }),
    enrollments: fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 2 })), { maxLength: 10 }),
    mode: fc.constantFrom('bulk' as const, 'delta' as const),
    complete: fc.boolean(),
    usersComplete: fc.boolean(),
  })
  .map((r): Roster => {
    const built = roster({
      mode: r.mode,
      orgs: r.schools.map((s) => org(s, { name: `${r.schoolNames} ${s}` })),
      courses: [course('c1')],
      classes: SCHOOLS.map((s, i) => klass(`k${i}`, s)),
      users: r.users.map((u) => toUser(u)),
      enrollments: r.enrollments.map(([u, k], i) => enrollment(`e${i}`, `u${u}`, `k${k}`, SCHOOLS[k] as string)),
      complete: r.complete,
    })
    if (!r.usersComplete) built.completeness.users = { complete: false, received: built.users.length }
    return built
  })

const originArb: fc.Arbitrary<RecordOrigin | undefined> = fc.constantFrom(
  undefined,
  { namespace: NS, createdBySource: true },
  { namespace: NS, createdBySource: false },
  { namespace: 'other', createdBySource: true },
)
const existingArb = fc
  .record({
    users: fc.array(fc.record({ u: userArb, origin: originArb, archived: fc.boolean(), edited: fc.boolean() }), {
      maxLength: 10,
    }),
    schools: fc.array(fc.record({ s: fc.constantFrom(...SCHOOLS), origin: originArb }), { maxLength: 3 }),
  })
  .map(
    (r): ExistingRecords => ({
      orgs: r.schools.map((s, i) => ({
        hostId: `HS${i}`,
        record: org(s.origin ? s.s : `local${i}`, { name: `Lincoln ${s.s}` }),
        ...(s.origin ? { origin: s.origin } : {}),
      })),
      courses: [{ hostId: 'HC', record: course('c1'), origin: { namespace: NS, createdBySource: true } }],
      users: r.users.map(
        (x, i): HostRecord<User> => ({
          hostId: `H${i}`,
          record: { ...toUser(x.u, x.origin ? 'u' : 'local'), status: 'active' },
          ...(x.origin ? { origin: x.origin } : {}),
          ...(x.archived ? { archived: true } : {}),
          ...(x.edited ? { hostEditedFields: ['familyName'] } : {}),
        }),
      ),
    }),
  )

const entityPolicyArb = fc.record({
  sync: fc.boolean(),
  create: fc.boolean(),
  existing: fc.constantFrom('skip' as const, 'autoUpdate' as const),
  archive: fc.boolean(),
  sisWins: fc.boolean(),
})
const policyArb: fc.Arbitrary<MergePolicyInput> = fc.record({
  namespace: fc.constant(NS),
  roles: fc.record(
    Object.fromEntries(ROLE_CATEGORIES.map((c) => [c, entityPolicyArb])) as Record<
      (typeof ROLE_CATEGORIES)[number],
      typeof entityPolicyArb
    >,
  ),
  entities: fc.record({ orgs: entityPolicyArb, classes: entityPolicyArb, enrollments: entityPolicyArb }),
  userMatchKeys: fc.subarray(['email', 'stateId', 'username'] as const),
  schools: fc.record({ unmatched: fc.constantFrom('hold' as const, 'create' as const) }),
  archiveThreshold: fc.constantFrom(0, 0.1, 1),
})

const allActions = (plan: MergePlan): MergeAction[] => MERGE_ENTITIES.flatMap((e) => plan.actions[e] as MergeAction[])
const RUNS = { numRuns: 500 }

describe('planMerge properties', () => {
  it('applying a plan then planning again yields no changes', async () => {
    await fc.assert(
      fc.asyncProperty(existingArb, incomingArb, policyArb, async (existing, incoming, policy) => {
        const store = new MemoryRosterStore(existing)
        const first = planMerge({ existing: await store.load(), incoming, policy })
        const applied = await applyMergePlan(first, store, { approved: true })
        expect(applied.complete).toBe(true)
        const again = planMerge({ existing: await store.load(), incoming, policy })
        expect(again.summary.total).toMatchObject({ create: 0, update: 0, archive: 0 })
      }),
      { numRuns: 300 },
    )
  })

  it('an incomplete roster never yields an archive', () => {
    fc.assert(
      fc.property(existingArb, incomingArb, policyArb, (existing, incoming, policy) => {
        const plan = planMerge({ existing, incoming: { ...incoming, complete: false }, policy })
        expect(plan.summary.total.archive).toBe(0)
      }),
      RUNS,
    )
  })

  it('archives only records this source created, and in a delta only tobedeleted ones', () => {
    fc.assert(
      fc.property(existingArb, incomingArb, policyArb, (existing, incoming, policy) => {
        const plan = planMerge({ existing, incoming, policy })
        const byHostId = new Map(MERGE_ENTITIES.flatMap((e) => (existing[e] ?? []).map((h) => [h.hostId, h] as const)))
        for (const action of allActions(plan)) {
          if (action.kind !== 'archive') continue
          const host = byHostId.get(action.hostId)
          expect(host?.origin).toEqual({ namespace: NS, createdBySource: true })
          if (incoming.mode === 'delta') expect(action.reason).toBe('tobedeleted')
        }
      }),
      RUNS,
    )
  })

  it('a skip policy never changes a field', () => {
    const skipAll = policyArb.map((p) => ({
      ...p,
      roles: Object.fromEntries(
        Object.entries(p.roles ?? {}).map(([k, v]) => [k, { ...v, existing: 'skip' as const }]),
      ),
      entities: Object.fromEntries(
        Object.entries(p.entities ?? {}).map(([k, v]) => [k, { ...v, existing: 'skip' as const }]),
      ),
    }))
    fc.assert(
      fc.property(existingArb, incomingArb, skipAll, (existing, incoming, policy) => {
        const plan = planMerge({ existing, incoming, policy })
        const byHostId = new Map(MERGE_ENTITIES.flatMap((e) => (existing[e] ?? []).map((h) => [h.hostId, h] as const)))
        for (const action of allActions(plan)) {
          if (action.kind !== 'update') continue
          // Only links and restores: the host's values are written back as they are.
          expect(action.changes).toEqual([])
          expect(action.link || action.restore).toBe(true)
          expect({ ...action.record, sourcedId: '' }).toEqual({ ...byHostId.get(action.hostId)?.record, sourcedId: '' })
        }
      }),
      RUNS,
    )
  })

  it('the plan does not depend on input order', () => {
    fc.assert(
      fc.property(existingArb, incomingArb, policyArb, fc.integer(), (existing, incoming, policy, seed) => {
        const shuffle = <T>(items: readonly T[]): T[] => {
          const out = [...items]
          let s = seed
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) | 0
            const j = Math.abs(s) % (i + 1)
            ;[out[i], out[j]] = [out[j] as T, out[i] as T]
          }
          return out
        }
        const a = planMerge({ existing, incoming, policy })
        const b = planMerge({
          existing: { ...existing, users: shuffle(existing.users ?? []), orgs: shuffle(existing.orgs ?? []) },
          incoming: {
            ...incoming,
            users: shuffle(incoming.users),
            enrollments: shuffle(incoming.enrollments),
            orgs: shuffle(incoming.orgs),
          },
          policy,
        })
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
      }),
      RUNS,
    )
  })
})
