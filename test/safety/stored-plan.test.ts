import { describe, expect, it } from 'vitest'
import { isSyncBlockedError } from '../../src/errors.js'
import { applyMergePlan, type HostRecord, type MergePlan, planMerge } from '../../src/merge/index.js'
import type { User } from '../../src/model/index.js'
import { MemoryRosterStore } from '../../src/testing/index.js'
import { org, schoolRoster, user } from '../merge/builders.js'

const NS = 'district-1'
const owned = { namespace: NS, createdBySource: true }

describe('a stored plan is checked again before it is applied', () => {
  it('a plan with approval reasons is not applied unapproved, whatever its requiresApproval flag says', async () => {
    const users: HostRecord<User>[] = ['a', 'b', 'c'].map((id) => ({
      hostId: `H-${id}`,
      record: user(id),
      origin: owned,
    }))
    const plan = planMerge({
      existing: { orgs: [{ hostId: 'H-s1', record: org('s1'), origin: owned }], users },
      incoming: schoolRoster({ users: [user('a')] }),
      policy: { namespace: NS, roles: { student: { archive: true } } },
    })
    expect(plan.requiresApproval).toBe(true)
    expect(plan.approvalReasons.length).toBeGreaterThan(0)
    // As it may come back from storage or a hand edit.
    const edited: MergePlan = JSON.parse(JSON.stringify({ ...plan, requiresApproval: false }))
    const store = new MemoryRosterStore()
    const err = await applyMergePlan(edited, store).catch((e: unknown) => e)
    expect(isSyncBlockedError(err)).toBe(true)
    expect(store.calls.archive).toBe(0)
  })
})
