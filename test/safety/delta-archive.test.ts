import { describe, expect, it } from 'vitest'
import { type HostRecord, type MergeAction, planMerge } from '../../src/merge/index.js'
import type { User } from '../../src/model/index.js'
import { org, roster, user } from '../merge/builders.js'

const NS = 'district-1'
const owned = { namespace: NS, createdBySource: true }
const policy = {
  namespace: NS,
  archiveThreshold: 1,
  userMatchKeys: ['email' as const],
  roles: { student: { existing: 'autoUpdate' as const, archive: true } },
}

describe('a delta archives only the records it names as deleted', () => {
  it('a deleted duplicate sharing an email does not archive the live student it resembles', () => {
    const live = user('S-LIVE', 'student', { email: 'kim@district.example' })
    const ghost = user('S-GHOST', 'student', { email: 'kim@district.example', status: 'tobedeleted' })
    const host: HostRecord<User> = { hostId: 'H-kim', record: live, origin: owned }
    const delta = roster({ mode: 'delta', orgs: [], users: [ghost] })
    const plan = planMerge({
      existing: { orgs: [{ hostId: 'H-s1', record: org('s1'), origin: owned }], users: [host] },
      incoming: delta,
      policy,
    })
    const archives = (plan.actions.users as MergeAction[]).filter((a) => a.kind === 'archive')
    expect(archives).toEqual([])
  })

  it('still archives the record whose own sourcedId is deleted', () => {
    const live = user('S-1', 'student', { email: 'kim@district.example' })
    const host: HostRecord<User> = { hostId: 'H-kim', record: live, origin: owned }
    const delta = roster({ mode: 'delta', orgs: [], users: [{ ...live, status: 'tobedeleted' }] })
    const plan = planMerge({
      existing: { orgs: [{ hostId: 'H-s1', record: org('s1'), origin: owned }], users: [host] },
      incoming: delta,
      policy,
    })
    expect((plan.actions.users as MergeAction[]).filter((a) => a.kind === 'archive').map((a) => a.key)).toEqual(['S-1'])
  })
})
