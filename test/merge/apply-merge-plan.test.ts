import { describe, expect, it } from 'vitest'
import { isConfigurationError, isSyncBlockedError, isUnsafeArchiveError } from '../../src/errors.js'
import {
  type ApplyCheckpoint,
  applyMergePlan,
  type MergeEntity,
  type MergePlan,
  type MergePolicyInput,
  planMerge,
  type RosterStore,
  type StoreArchiveItem,
  type StoreBatchResult,
  type StoreCreateItem,
  type StoreUpdateItem,
  type StoreWriteContext,
} from '../../src/merge/index.js'
import type { Roster } from '../../src/model/index.js'
import { MemoryRosterStore } from '../../src/testing/memory-store.js'
import { course, enrollment, klass, org, roster, user } from './builders.js'

const NS = 'district-1'
const POLICY: MergePolicyInput = {
  namespace: NS,
  schools: { unmatched: 'create' },
  roles: { student: { archive: true, existing: 'autoUpdate' } },
}

/** A store that records every call and can fail chosen batches; writes go to a real MemoryRosterStore. */
class RecordingStore implements RosterStore {
  readonly log: string[] = []
  inFlight = 0
  maxInFlight = 0
  failBatch: ((entity: MergeEntity, op: string, keys: string[]) => 'throw' | 'items' | undefined) | undefined
  constructor(readonly inner: MemoryRosterStore) {}
  load() {
    return this.inner.load()
  }
  private async run(entity: MergeEntity, op: string, keys: string[], write: () => Promise<StoreBatchResult>) {
    this.log.push(`${entity}:${op}:${keys.join(',')}`)
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      await new Promise((r) => setTimeout(r, 1))
      const failure = this.failBatch?.(entity, op, keys)
      if (failure === 'throw') throw new Error('host database unavailable')
      const result = await write()
      if (failure === 'items') return { failed: [{ key: keys[0] as string, error: 'rejected by host' }] }
      return result
    } finally {
      this.inFlight--
    }
  }
  create<E extends MergeEntity>(entity: E, items: readonly StoreCreateItem<E>[], ctx: StoreWriteContext) {
    return this.run(
      entity,
      'create',
      items.map((i) => i.key),
      () => this.inner.create(entity, items, ctx),
    )
  }
  update<E extends MergeEntity>(entity: E, items: readonly StoreUpdateItem<E>[], ctx: StoreWriteContext) {
    return this.run(
      entity,
      'update',
      items.map((i) => i.key),
      () => this.inner.update(entity, items, ctx),
    )
  }
  archive<E extends MergeEntity>(entity: E, items: readonly StoreArchiveItem[], ctx: StoreWriteContext) {
    return this.run(
      entity,
      'archive',
      items.map((i) => i.key),
      () => this.inner.archive(entity, items, ctx),
    )
  }
}

const students = (n: number) => Array.from({ length: n }, (_, i) => user(`u${String(i).padStart(2, '0')}`))
function district(n = 6): Roster {
  const users = students(n)
  return roster({
    orgs: [org('s1')],
    academicSessions: [],
    courses: [course('c1')],
    classes: [klass('k1', 's1')],
    users,
    enrollments: users.map((u, i) => enrollment(`e${i}`, u.sourcedId, 'k1')),
    demographics: [],
  })
}
async function planFor(store: RosterStore, incoming: Roster, policy: MergePolicyInput = POLICY): Promise<MergePlan> {
  return planMerge({ existing: await store.load(), incoming, policy })
}
const writes = (p: MergePlan) => p.summary.total.create + p.summary.total.update + p.summary.total.archive

describe('applyMergePlan', () => {
  it('writes parents before children and archives children first, in batches', async () => {
    const memory = new MemoryRosterStore()
    const store = new RecordingStore(memory)
    await applyMergePlan(await planFor(store, district()), store, { batchSize: 4 })
    expect(store.log.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'orgs:create',
      'courses:create',
      'classes:create',
      'users:create',
      'users:create',
      'enrollments:create',
      'enrollments:create',
    ])
    store.log.length = 0
    const smaller = district(6)
    smaller.users = smaller.users.slice(0, 5)
    smaller.enrollments = smaller.enrollments.slice(0, 5)
    const plan = await planFor(store, smaller, { ...POLICY, entities: { enrollments: { archive: true } } })
    expect(plan.requiresApproval).toBe(true)
    const result = await applyMergePlan(plan, store, { approved: true })
    expect(store.log).toEqual(['enrollments:archive:e5', 'users:archive:u05'])
    expect(result.complete).toBe(true)
    expect(memory.find('users', NS, 'u05')?.archived).toBe(true)
  })

  it('runs several batches of one step at once, up to the concurrency', async () => {
    const store = new RecordingStore(new MemoryRosterStore())
    await applyMergePlan(await planFor(store, district(40)), store, { batchSize: 2, concurrency: 3 })
    expect(store.maxInFlight).toBe(3)
  })

  it('reports failed batches without losing the others, and resumes from the checkpoint', async () => {
    const memory = new MemoryRosterStore()
    const store = new RecordingStore(memory)
    const plan = await planFor(store, district(6))
    store.failBatch = (entity, _op, keys) =>
      entity === 'users' && keys.includes('u02')
        ? 'throw'
        : entity === 'enrollments' && keys.includes('e5')
          ? 'items'
          : undefined
    const checkpoints: ApplyCheckpoint[] = []
    const first = await applyMergePlan(plan, store, { batchSize: 2, onCheckpoint: (c) => void checkpoints.push(c) })
    expect(first.complete).toBe(false)
    expect(first.counts.users.create).toEqual({ succeeded: 4, failed: 2 })
    expect(first.counts.enrollments.create).toEqual({ succeeded: 5, failed: 1 })
    expect(first.batches.find((b) => b.id === 'users:create:1')?.failed).toEqual([
      { key: 'u02', error: 'host database unavailable' },
      { key: 'u03', error: 'host database unavailable' },
    ])
    expect(memory.find('users', NS, 'u04')).toBeDefined()
    expect(checkpoints.at(-1)).toEqual(first.checkpoint)

    store.failBatch = undefined
    store.log.length = 0
    const second = await applyMergePlan(plan, store, { checkpoint: first.checkpoint })
    expect(second.complete).toBe(true)
    expect(store.log).toEqual(['users:create:u02,u03', 'enrollments:create:e4,e5'])
    expect(writes(await planFor(store, district(6)))).toBe(0)
  })

  it('stops between batches when aborted and finishes from the checkpoint', async () => {
    const store = new RecordingStore(new MemoryRosterStore())
    const plan = await planFor(store, district(6))
    const controller = new AbortController()
    const first = await applyMergePlan(plan, store, {
      batchSize: 2,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.entity === 'users') controller.abort()
      },
    })
    expect(first.aborted).toBe(true)
    expect(first.complete).toBe(false)
    expect(first.checkpoint.done).toEqual(['classes:create:0', 'courses:create:0', 'orgs:create:0', 'users:create:0'])
    const second = await applyMergePlan(plan, store, { checkpoint: first.checkpoint })
    expect(second.complete).toBe(true)
    expect(writes(await planFor(store, district(6)))).toBe(0)
  })

  it('is idempotent: applying the same plan twice leaves one copy of everything', async () => {
    const memory = new MemoryRosterStore()
    const plan = await planFor(memory, district(6))
    await applyMergePlan(plan, memory)
    await applyMergePlan(plan, memory)
    expect(memory.records('users')).toHaveLength(6)
    expect(memory.records('enrollments')).toHaveLength(6)
    expect(writes(await planFor(memory, district(6)))).toBe(0)
  })

  it('links a hand-made host user so the next plan matches it by sourcedId', async () => {
    const memory = new MemoryRosterStore()
    const hostId = memory.add('users', user('local-7', 'teacher', { email: 'T@d.org' }))
    const incoming = district(1)
    incoming.users.push(user('t1', 'teacher', { email: 't@d.org' }))
    await applyMergePlan(await planFor(memory, incoming), memory)
    expect(memory.get('users', hostId)?.origin).toEqual({ namespace: NS, createdBySource: false })
    const next = await planFor(memory, incoming, { ...POLICY, roles: { teacher: { archive: true } } })
    expect(writes(next)).toBe(0)
    incoming.users.pop()
    const gone = await planFor(memory, incoming, { ...POLICY, roles: { teacher: { archive: true } } })
    expect(gone.actions.users).toContainEqual(expect.objectContaining({ key: 't1', kind: 'skip', reason: 'not-owned' }))
  })

  it('refuses a plan whose archives break its own guards', async () => {
    const memory = new MemoryRosterStore()
    await applyMergePlan(await planFor(memory, district(20)), memory)
    const plan = await planFor(memory, district(19))
    expect(plan.summary.total.archive).toBe(1)
    const tampered: MergePlan[] = [
      { ...plan, incomingComplete: false },
      { ...plan, mode: 'delta' },
      { ...plan, archiveBlocks: [{ entity: 'users', reason: 'not read' }] },
      {
        ...plan,
        policy: {
          ...plan.policy,
          roles: { ...plan.policy.roles, student: { ...plan.policy.roles.student, archive: false } },
        },
      },
    ]
    for (const bad of tampered) {
      await expect(applyMergePlan(bad, memory)).rejects.toSatisfy(isUnsafeArchiveError)
    }
    expect(memory.find('users', NS, 'u19')?.archived).toBeUndefined()
    const applied = await applyMergePlan(plan, memory)
    expect(applied.counts.users.archive.succeeded).toBe(1)
  })

  it('refuses a plan that requires approval until it is approved', async () => {
    const memory = new MemoryRosterStore()
    await applyMergePlan(await planFor(memory, district(10)), memory)
    const plan = await planFor(memory, district(5))
    expect(plan.requiresApproval).toBe(true)
    await expect(applyMergePlan(plan, memory)).rejects.toSatisfy(isSyncBlockedError)
    expect((await applyMergePlan(plan, memory, { approved: true })).counts.users.archive.succeeded).toBe(5)
  })

  it('refuses a checkpoint from another plan', async () => {
    const memory = new MemoryRosterStore()
    const plan = await planFor(memory, district(3))
    const checkpoint = { planFingerprint: 'other', batchSize: 500, done: [] }
    await expect(applyMergePlan(plan, memory, { checkpoint })).rejects.toSatisfy(isConfigurationError)
  })
})
