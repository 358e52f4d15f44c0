import { describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type Roster } from '../../src/index.js'
import { createRoster } from '../../src/model/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

/**
 * Sources that deliver whole bundles (SFTP CSV drops) take a cursor only to recognise a bundle they
 * delivered before: a new bundle comes back bulk, and "nothing new" comes back as a roster that
 * read no collection.
 */

const POLICY: MergePolicyInput = {
  namespace: 'drop:district',
  schools: { unmatched: 'create' },
  roles: { student: { existing: 'autoUpdate', archive: true } },
}

function clock(start = Date.parse('2026-03-02T02:00:00Z')): () => Date {
  let t = start
  return () => {
    t += 1000
    return new Date(t)
  }
}

describe('a source that answers a cursor with a whole bundle', () => {
  it('treats the bulk roster as a full sync: archives absences and restarts the full-sync schedule', async () => {
    const first: Roster = { ...generateDistrict({ students: 60, seed: 4 }), cursor: 'drop-1' }
    const next = evolveDistrict(first, { withdrawals: 1, deletions: 'absent' })
    const second: Roster = { ...next.roster, cursor: 'drop-2' }
    const source = createFakeSource({ pull: (_o, call) => (call === 0 ? first : second) })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY, now: clock() })

    const one = await sync.run()
    expect(one.outcome).toBe('applied')
    const two = await sync.run()

    expect(source.seen.map((s) => s.since)).toEqual([undefined, 'drop-1'])
    expect(two.report.data.held).toEqual([])
    expect(two.outcome).toBe('applied')
    expect(two.report.data.mode.kind).toBe('full')
    expect(two.report.data.mode.reason).toMatch(/complete \(bulk\) roster/)
    expect(two.state.cursor).toBe('drop-2')
    expect(two.state.lastFullSyncAt).not.toBe(one.state.lastFullSyncAt)
    expect(two.report.data.plan?.byRole.student?.archive).toBe(1)
  })

  it('says so when the source had nothing new, and changes nothing', async () => {
    const first: Roster = { ...generateDistrict({ students: 30, seed: 5 }), cursor: 'drop-1' }
    const nothing = createRoster({
      source: { kind: 'oneroster-csv' },
      mode: 'delta',
      completeness: {},
      cursor: 'drop-1',
    })
    const source = createFakeSource({ pull: (_o, call) => (call === 0 ? first : nothing) })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY, now: clock() })
    await sync.run()
    const before = store.calls

    const again = await sync.run()

    expect(again.outcome).toBe('applied')
    expect(again.report.data.notes.join('\n')).toMatch(/nothing new since the last sync/)
    expect(again.report.data.plan?.total).toMatchObject({ create: 0, update: 0, archive: 0 })
    expect(store.calls).toEqual(before)
    expect(again.state.cursor).toBe('drop-1')
  })
})
