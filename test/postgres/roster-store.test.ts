import { describe, expect, it } from 'vitest'
import {
  applyMergePlan,
  type ExistingRecords,
  type HostRecord,
  MERGE_ENTITIES,
  type MergePolicyInput,
  planMerge,
} from '../../src/merge/index.js'
import { createPostgresRosterStore, type RosterBatch } from '../../src/postgres/index.js'
import { generateDistrict } from '../../src/testing/generate-district.js'
import { MemoryRosterStore } from '../../src/testing/memory-store.js'
import { enrollment, klass, schoolRoster, user } from '../merge/builders.js'
import { DRIVERS, useDatabase } from './databases.js'

const ctx = { namespace: 'sis', appliedAt: '2025-01-02T03:04:05.000Z' }

/** Creates unknown schools and keeps every collection in step, archives included. */
const policy: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  roles: {
    student: { existing: 'autoUpdate', archive: true },
    teacher: { existing: 'autoUpdate', archive: true },
    contact: { existing: 'autoUpdate', archive: true },
  },
  entities: {
    classes: { existing: 'autoUpdate', archive: true },
    enrollments: { existing: 'autoUpdate', archive: true },
  },
}

/** Records by sourcedId, without host ids and versions, which differ between stores by design. */
function comparable(existing: ExistingRecords): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const entity of MERGE_ENTITIES) {
    const rows = ((existing[entity] ?? []) as readonly HostRecord[]).map((h) => ({
      record: h.record,
      origin: h.origin,
      archived: h.archived ?? false,
      edited: h.hostEditedFields ?? [],
    }))
    out[entity] = rows.sort((a, b) => a.record.sourcedId.localeCompare(b.record.sourcedId))
  }
  return out
}

describe.each(DRIVERS)('Postgres roster store on $name', (driver) => {
  describe.skipIf(driver.skip)('', () => {
    const database = useDatabase(driver, 'store')

    it('ends where the in-memory reference store ends, over a create, an update and an archive run', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'ref' })
      const memory = new MemoryRosterStore()
      const first = generateDistrict({ seed: 3, students: 60, schools: 2 })
      const second = generateDistrict({ seed: 4, students: 50, schools: 2 })
      for (const incoming of [first, second]) {
        for (const target of [store, memory]) {
          const plan = planMerge({ existing: await target.load(), incoming, policy })
          const result = await applyMergePlan(plan, target, { batchSize: 37, approved: true, now: () => ctx.appliedAt })
          expect(result.complete).toBe(true)
        }
        expect(comparable(await store.load())).toEqual(comparable(await memory.load()))
      }
      // A new plan against what the store holds now has nothing left to do.
      const again = planMerge({ existing: await store.load(), incoming: second, policy })
      const { total } = again.summary
      expect(total.create + total.update + total.archive).toBe(0)
      expect(total.unchanged).toBeGreaterThan(500)
    })

    it('creates idempotently: a retried batch updates the rows it wrote instead of duplicating them', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'retry' })
      const items = [
        { key: 'u1', record: user('u1') },
        { key: 'u2', record: user('u2') },
      ]
      await store.create('users', items, ctx)
      await store.archive('users', [{ key: 'u1', hostId: (await store.load()).users?.[0]?.hostId ?? '' }], ctx)
      await store.create('users', items, ctx)
      const users = (await store.load()).users ?? []
      expect(users.map((u) => u.record.sourcedId).sort()).toEqual(['u1', 'u2'])
      expect(users.every((u) => u.archived !== true)).toBe(true)
    })

    it('reports unknown host ids as failed items, and archiving twice succeeds', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'fail' })
      await store.create('users', [{ key: 'u1', record: user('u1') }], ctx)
      const hostId = (await store.load()).users?.[0]?.hostId ?? ''
      const update = await store.update(
        'users',
        [
          { key: 'u1', hostId, record: user('u1', 'teacher'), changes: [], link: false, restore: false },
          { key: 'ghost', hostId: 'nope', record: user('ghost'), changes: [], link: false, restore: false },
        ],
        ctx,
      )
      expect(update.failed).toEqual([{ key: 'ghost', error: 'no users record with host id nope' }])
      expect((await store.load()).users?.[0]?.record.roles[0]?.role).toBe('teacher')
      await store.archive('users', [{ key: 'u1', hostId }], ctx)
      const twice = await store.archive(
        'users',
        [
          { key: 'u1', hostId },
          { key: 'x', hostId: 'missing' },
        ],
        ctx,
      )
      expect(twice.failed).toEqual([{ key: 'x', error: 'no users record with host id missing' }])
    })

    it('keeps hand-made records and sticky fields: a person’s edit survives the next sync', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'sticky' })
      const handMade = await store.add('users', user('local-7', 'teacher', { email: 'ada@school.test' }))
      const incoming = schoolRoster({ users: [user('t1', 'teacher', { email: 'ada@school.test', givenName: 'Ada' })] })
      const sticky: MergePolicyInput = { ...policy, userMatchKeys: ['email'] }
      let plan = planMerge({ existing: await store.load(), incoming, policy: sticky })
      await applyMergePlan(plan, store, { approved: true })
      let users = (await store.load()).users ?? []
      const linked = users.find((u) => u.hostId === handMade)
      expect(linked?.origin).toEqual({ namespace: 'sis', createdBySource: false })
      expect(users).toHaveLength(1)
      await store.edit('users', handMade, { givenName: 'Adelaide' })
      plan = planMerge({ existing: await store.load(), incoming, policy: sticky })
      await applyMergePlan(plan, store, { approved: true })
      users = (await store.load()).users ?? []
      expect(users[0]?.record.givenName).toBe('Adelaide')
      expect(users[0]?.hostEditedFields).toEqual(['givenName'])
    })

    it('runs the batch hook inside the batch transaction: a throwing hook leaves nothing written', async () => {
      const seen: Array<Pick<RosterBatch, 'entity' | 'operation'> & { keys: string[] }> = []
      let fail = true
      const store = createPostgresRosterStore({
        database: database(),
        district: 'hook',
        onBatch: async (batch) => {
          seen.push({ entity: batch.entity, operation: batch.operation, keys: batch.rows.map((r) => r.key) })
          const rows = await batch.transaction
            .selectFrom('users')
            .select('source_key')
            .where('district', '=', 'hook')
            .execute()
          // The hook sees the batch's own uncommitted rows.
          expect(rows.map((r) => r.source_key)).toContain('u1')
          if (fail) throw new Error('host table refused the row')
        },
      })
      await expect(store.create('users', [{ key: 'u1', record: user('u1') }], ctx)).rejects.toThrow(
        'host table refused',
      )
      expect((await store.load()).users).toEqual([])
      fail = false
      await store.create('users', [{ key: 'u1', record: user('u1') }], ctx)
      expect((await store.load()).users).toHaveLength(1)
      expect(seen.at(-1)).toEqual({ entity: 'users', operation: 'create', keys: ['u1'] })
    })

    it('streams a load in pages and narrows it to an incremental scope', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'stream', loadPageSize: 3 })
      const items = Array.from({ length: 10 }, (_, i) => ({ key: `e${i}`, record: enrollment(`e${i}`, 'u1', 'k1') }))
      await store.create('enrollments', items, ctx)
      await store.add('enrollments', enrollment('hand', 'u1', 'k1'))
      const pages: number[] = []
      for await (const page of store.stream('enrollments')) pages.push(page.length)
      expect(pages).toEqual([3, 3, 3, 2])
      const scoped = await store.load({ scope: { namespace: 'sis', keys: { enrollments: ['e2', 'e7'] } } })
      // The scoped keys, plus the hand-made record fallback matching may pair; other entities whole.
      expect(scoped.enrollments?.map((h) => h.record.sourcedId).sort()).toEqual(['e2', 'e7', 'hand'])
    })

    it('keeps the query columns and serves the views a host reads', async () => {
      const store = createPostgresRosterStore({ database: database(), district: 'views' })
      const incoming = schoolRoster({
        classes: [klass('k1', 's1', { grades: ['05'] })],
        users: [user('st1', 'student', { email: 'kid@school.test', grades: ['05'] }), user('te1', 'teacher')],
        enrollments: [enrollment('e1', 'st1', 'k1'), { ...enrollment('e2', 'te1', 'k1'), role: 'teacher' }],
      })
      await applyMergePlan(planMerge({ existing: await store.load(), incoming, policy }), store)
      const { db } = database()
      const students = await db.selectFrom('active_students').selectAll().where('district', '=', 'views').execute()
      expect(students).toHaveLength(1)
      expect(students[0]).toMatchObject({ email: 'kid@school.test', grades: ['05'] })
      const rosterRows = await db
        .selectFrom('class_rosters')
        .select(['role', 'user_key'])
        .where('district', '=', 'views')
        .orderBy('role')
        .execute()
      expect(rosterRows).toEqual([
        { role: 'student', user_key: 'st1' },
        { role: 'teacher', user_key: 'te1' },
      ])
    })
  })
})
