import { describe, expect, it } from 'vitest'
import {
  createRosterSync,
  type LoadScope,
  type MergeAction,
  type MergePolicyInput,
  type Roster,
  type RosterStore,
} from '../../src/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

const POLICY: MergePolicyInput = {
  namespace: 'fake:district',
  schools: { unmatched: 'create' },
  userMatchKeys: ['email', 'stateId'],
  roles: { student: { existing: 'autoUpdate', archive: true } },
  entities: { enrollments: { existing: 'autoUpdate', archive: true } },
}

/** The memory store, recording the scope of each load. */
class RecordingStore extends MemoryRosterStore {
  readonly scopes: Array<LoadScope | undefined> = []
  override async load(options?: Parameters<RosterStore['load']>[0]) {
    this.scopes.push(options?.scope)
    return super.load()
  }
}

/** A full sync of a generated district, then a source answering with the given delta. */
async function syncedDistrict(): Promise<{ store: RecordingStore; full: Roster }> {
  const full = { ...generateDistrict({ students: 150, seed: 5 }), cursor: 'c1' }
  const store = new RecordingStore()
  const sync = createRosterSync({ source: createFakeSource({ pull: () => full }), store, policy: POLICY })
  const result = await sync.run()
  expect(result.outcome).toBe('applied')
  return { store, full }
}

/** The delta's changes without its deletions: nothing archives, so the plan keeps its scope. */
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

const sortedIds = (ids: Iterable<string>): string[] => [...new Set(ids)].sort()

describe('load scope of an incremental run', () => {
  it('a full run loads everything; an incremental run loads exactly what the delta concerns', async () => {
    const { store, full } = await syncedDistrict()
    expect(store.scopes).toEqual([undefined])

    const evolved = evolveDistrict(full, { newStudents: 3, newTeachers: 1, renamedClasses: 1 })
    const delta = withoutDeletions(evolved.delta)
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => ({ ...delta, cursor: 'c2' }) }),
      store,
      policy: POLICY,
      state: { formatVersion: 1, cursor: 'c1', lastFullSyncAt: new Date().toISOString() },
    })
    const preview = await sync.preview()
    expect(preview.mode.kind).toBe('incremental')
    const scope = store.scopes[1]
    expect(scope).toEqual({
      namespace: 'fake:district',
      keys: {
        users: sortedIds([
          ...delta.users.map((u) => u.sourcedId),
          ...delta.enrollments.map((e) => e.userSourcedId),
          ...delta.demographics.map((d) => d.sourcedId),
        ]),
        classes: sortedIds([
          ...delta.classes.map((c) => c.sourcedId),
          ...delta.enrollments.map((e) => e.classSourcedId),
        ]),
        enrollments: sortedIds(delta.enrollments.map((e) => e.sourcedId)),
        demographics: sortedIds(delta.demographics.map((d) => d.sourcedId)),
      },
      match: {
        users: {
          email: sortedIds(delta.users.flatMap((u) => (u.email ? [u.email.trim().toLowerCase()] : []))),
          stateId: expect.any(Array),
        },
      },
    })
    expect(scope?.keys.users?.length).toBeGreaterThan(0)
    expect(preview.loadScope).toEqual(scope)

    // Approving loads the same scope, so the stale check compares like with like.
    const result = await sync.approve(JSON.parse(JSON.stringify(preview)))
    expect(result.outcome).toBe('applied')
    expect(store.scopes[2]).toEqual(scope)
  })

  it('a plan that archives is made again against the whole district, so the archive guard weighs it all', async () => {
    const { store, full } = await syncedDistrict()
    const { delta } = evolveDistrict(full, { deletions: 'tobedeleted', withdrawals: 2 })
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => ({ ...delta, cursor: 'c2' }) }),
      store,
      policy: POLICY,
      state: { formatVersion: 1, cursor: 'c1', lastFullSyncAt: new Date().toISOString() },
    })
    const preview = await sync.preview()
    expect(preview.mode.kind).toBe('incremental')
    expect(store.scopes[1]).toBeDefined()
    expect(store.scopes[2]).toBeUndefined()
    expect(preview.loadScope).toBeUndefined()
    expect(preview.plan.summary.byEntity.users.archive).toBeGreaterThan(0)
  })

  it('a new sourcedId with the email of a user linked to another still conflicts under the scoped load', async () => {
    const { store, full } = await syncedDistrict()
    const known = full.users.find((u) => u.email !== undefined && u.roles.some((r) => r.role === 'student'))
    if (!known?.email) throw new Error('the generated district has a student with an email')
    const newcomer = { ...known, sourcedId: `${known.sourcedId}-renumbered`, email: ` ${known.email.toUpperCase()} ` }
    const delta: Roster = {
      ...full,
      mode: 'delta',
      complete: true,
      cursor: 'c2',
      orgs: [],
      academicSessions: [],
      courses: [],
      classes: [],
      enrollments: [],
      demographics: [],
      users: [newcomer],
      completeness: { users: { complete: true, received: 1 } },
    }
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => delta }),
      store,
      policy: POLICY,
      state: { formatVersion: 1, cursor: 'c1', lastFullSyncAt: new Date().toISOString() },
    })
    const preview = await sync.preview()
    expect(preview.loadScope?.keys.users).toEqual([newcomer.sourcedId])
    const action = (preview.plan.actions.users as MergeAction[]).find((a) => a.key === newcomer.sourcedId)
    expect(action).toMatchObject({ kind: 'conflict', reason: 'linked-to-other-record' })
  })
})
