import { describe, expect, it } from 'vitest'
import { applyMergePlan, planMerge } from '../../src/merge/index.js'
import { MemoryRosterStore } from '../../src/testing/index.js'
import { org, schoolRoster, user } from '../merge/builders.js'

describe('MemoryRosterStore seeded from another store', () => {
  it('never reuses a host id it was given when adding a record', async () => {
    const first = new MemoryRosterStore()
    const a = first.add('users', user('a'))
    const b = first.add('users', user('b'))
    const copy = new MemoryRosterStore(await first.load())
    const c = copy.add('users', user('c'))
    expect(new Set([a, b, c]).size).toBe(3)
    expect(
      copy
        .records('users')
        .map((h) => h.record.sourcedId)
        .sort(),
    ).toEqual(['a', 'b', 'c'])
  })

  it('never overwrites a record it was given when a sync creates records', async () => {
    const first = new MemoryRosterStore()
    for (const id of ['hand-1', 'hand-2', 'hand-3']) first.add('users', user(id, 'teacher'))
    const copy = new MemoryRosterStore(await first.load())
    const incoming = schoolRoster({ orgs: [org('s1')], users: [user('u1'), user('u2')] })
    const plan = planMerge({
      existing: await copy.load(),
      incoming,
      policy: { namespace: 'sis', schools: { unmatched: 'create' } },
    })
    await applyMergePlan(plan, copy, { approved: true })
    const users = copy.records('users')
    expect(users.map((h) => h.record.sourcedId).sort()).toEqual(['hand-1', 'hand-2', 'hand-3', 'u1', 'u2'])
    expect(new Set(users.map((h) => h.hostId)).size).toBe(5)
  })

  it('skips host ids a caller chose that look like generated ones', () => {
    const store = new MemoryRosterStore()
    store.add('users', user('chosen'), { hostId: 'users-1' })
    const next = store.add('users', user('next'))
    expect(next).not.toBe('users-1')
    expect(store.records('users')).toHaveLength(2)
  })
})
