import { describe, expect, it } from 'vitest'
import {
  createRosterSync,
  type ExistingRecords,
  type HostRecord,
  MERGE_ENTITIES,
  type MergeAction,
  type MergePolicyInput,
  type Roster,
  type RosterStore,
} from '../../src/index.js'
import { createPostgresRosterStore } from '../../src/postgres/index.js'
import { evolveDistrict, generateDistrict } from '../../src/testing/index.js'
import { createFakeSource } from '../sync/fake-source.js'
import { DRIVERS, useDatabase } from './databases.js'

const policy: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  userMatchKeys: ['email', 'stateId'],
  roles: {
    student: { existing: 'autoUpdate', archive: true },
    teacher: { existing: 'autoUpdate', archive: true },
  },
  entities: {
    classes: { existing: 'autoUpdate', archive: true },
    enrollments: { existing: 'autoUpdate', archive: true },
  },
}

/** A store counting the rows each load returns; `whole` drops the scope, as a store ignoring it would. */
function counting(store: RosterStore, whole = false): RosterStore & { loaded: number[] } {
  const loaded: number[] = []
  return Object.assign(Object.create(store) as RosterStore, {
    loaded,
    async load(options?: Parameters<RosterStore['load']>[0]) {
      const existing = await store.load(whole ? { signal: options?.signal } : options)
      loaded.push(MERGE_ENTITIES.reduce((n, e) => n + (existing[e]?.length ?? 0), 0))
      return existing
    },
  })
}

/** Records by sourcedId without host ids, which differ between stores by design. */
function comparable(existing: ExistingRecords): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const entity of MERGE_ENTITIES) {
    const rows = ((existing[entity] ?? []) as readonly HostRecord[]).map((h) => ({
      record: h.record,
      origin: h.origin,
      archived: h.archived ?? false,
    }))
    out[entity] = rows.sort((a, b) => a.record.sourcedId.localeCompare(b.record.sourcedId))
  }
  return out
}

function withoutDeletions(delta: Roster): Roster {
  const keep = <T extends { status?: string | undefined }>(records: readonly T[]): T[] =>
    records.filter((r) => r.status !== 'tobedeleted')
  return {
    ...delta,
    users: keep(delta.users),
    classes: keep(delta.classes),
    enrollments: keep(delta.enrollments),
    demographics: keep(delta.demographics),
  }
}

const now = (): Date => new Date('2026-01-05T02:00:00Z')
const incremental = { formatVersion: 1 as const, cursor: 'c1', lastFullSyncAt: new Date().toISOString() }

describe.each(DRIVERS)('scoped load on $name', (driver) => {
  describe.skipIf(driver.skip)('', () => {
    const database = useDatabase(driver, 'scoped')

    it('an incremental run reads far fewer rows and ends where a run with a full load ends', async () => {
      const full = { ...generateDistrict({ seed: 21, students: 400, schools: 3 }), cursor: 'c1' }
      const evolved = evolveDistrict(full, { newStudents: 4, newTeachers: 1, renamedClasses: 1 })
      const scoped = counting(createPostgresRosterStore({ database: database(), district: 'scoped' }))
      const whole = counting(createPostgresRosterStore({ database: database(), district: 'whole' }), true)
      for (const delta of [withoutDeletions(evolved.delta), evolved.delta]) {
        for (const store of [scoped, whole]) {
          const first = createRosterSync({ source: createFakeSource({ pull: () => full }), store, policy, now })
          if (store.loaded.length === 0) {
            expect((await first.run()).outcome).toBe('applied')
            await store.load()
          }
          const sync = createRosterSync({
            source: createFakeSource({ pull: () => ({ ...delta, cursor: 'c2' }) }),
            store,
            policy,
            now,
            state: incremental,
          })
          const result = await sync.run()
          expect(result.outcome).toBe('applied')
        }
        expect(comparable(await scoped.load())).toEqual(comparable(await whole.load()))
      }
      // Full sync, then the scoped nightly: its load reads a small part of the district.
      const districtRows = whole.loaded[1] as number
      expect(scoped.loaded[1]).toBe(districtRows)
      expect(scoped.loaded[2]).toBeLessThan(districtRows / 5)
      expect(whole.loaded[2]).toBeGreaterThanOrEqual(districtRows)
    })

    it('a new sourcedId with the email or state id of a linked user still conflicts under the scoped load', async () => {
      const full = { ...generateDistrict({ seed: 22, students: 80, schools: 2 }), cursor: 'c1' }
      const store = counting(createPostgresRosterStore({ database: database(), district: 'identity' }))
      const first = createRosterSync({ source: createFakeSource({ pull: () => full }), store, policy, now })
      expect((await first.run()).outcome).toBe('applied')
      await store.load()
      const students = full.users.filter((u) => u.email !== undefined && u.stateId !== undefined)
      const [byEmail, byStateId] = students
      if (!byEmail?.email || !byStateId?.stateId) throw new Error('the district has students with emails and state ids')
      const renumbered = [
        {
          ...byEmail,
          sourcedId: `${byEmail.sourcedId}-new`,
          email: ` ${byEmail.email.toUpperCase()}`,
          stateId: undefined,
        },
        {
          ...byStateId,
          sourcedId: `${byStateId.sourcedId}-new`,
          email: undefined,
          stateId: ` ${byStateId.stateId.slice(0, 2)}-${byStateId.stateId.slice(2).toLowerCase()}`,
        },
      ]
      const delta: Roster = {
        ...full,
        mode: 'delta',
        cursor: 'c2',
        orgs: [],
        academicSessions: [],
        courses: [],
        classes: [],
        enrollments: [],
        demographics: [],
        users: renumbered,
        completeness: { users: { complete: true, received: 2 } },
      }
      const sync = createRosterSync({
        source: createFakeSource({ pull: () => delta }),
        store,
        policy,
        now,
        state: incremental,
      })
      const preview = await sync.preview()
      expect(preview.loadScope).toBeDefined()
      expect(store.loaded[2]).toBeLessThan((store.loaded[1] as number) / 5)
      for (const user of renumbered) {
        const action = (preview.plan.actions.users as MergeAction[]).find((a) => a.key === user.sourcedId)
        expect(action, JSON.stringify(action)).toMatchObject({ kind: 'conflict', reason: 'linked-to-other-record' })
      }
    })
  })
})
