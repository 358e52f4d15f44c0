import { describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput } from '../../src/index.js'
import { createOneRosterClient } from '../../src/oneroster.js'
import {
  evolveDistrict,
  generateDistrict,
  MemoryRosterStore,
  startMockOneRosterServer,
} from '../../src/testing/index.js'

const POLICY: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  roles: { student: { archive: true }, contact: { archive: true } },
  entities: { enrollments: { archive: true } },
}
const AUTH = { type: 'oauth2', clientId: 'c', clientSecret: 's' } as const

describe('a sync whose OneRoster pull breaks off part-way', () => {
  it('archives nothing, says why, and keeps the state', async () => {
    const roster = generateDistrict({ students: 150, seed: 31 })
    const good = await startMockOneRosterServer({ version: '1.2', roster, auth: AUTH })
    // The same district from a server that starts failing part-way through the pull.
    const failing = await startMockOneRosterServer({
      version: '1.2',
      roster,
      auth: AUTH,
      quirks: { serverErrorRate: 0.2, seed: 3 },
    })
    try {
      const client = (url: string, tokenUrl: string, maxRetries = 2) =>
        createOneRosterClient({
          maxRetries,
          baseUrl: url,
          version: '1.2',
          auth: { ...AUTH, tokenUrl },
          allowInsecureLoopback: true,
          pageSize: 50,
        })
      const store = new MemoryRosterStore()
      const first = await createRosterSync({ source: client(good.baseUrl, good.tokenUrl), store, policy: POLICY }).run()
      expect(first.outcome).toBe('applied')

      const second = await createRosterSync({
        source: client(failing.baseUrl, failing.tokenUrl, 0),
        store,
        policy: POLICY,
        state: first.state,
      }).run({ full: true })

      expect(second.outcome).toBe('failed')
      expect(failing.stats.statuses[503]).toBeGreaterThan(0)
      expect(failing.stats.statuses[200]).toBeGreaterThan(1)
      expect(second.report.data.error?.code).toBe('ROSTERKIT_SERVER')
      expect(second.report.toText()).toContain('Nothing was written and the cursor did not advance.')
      expect(store.records('users').filter((u) => u.archived)).toHaveLength(0)
      expect(store.records('users')).toHaveLength(roster.users.length)
      expect(second.state).toEqual(first.state)
    } finally {
      await Promise.all([good.close(), failing.close()])
    }
  })

  it('archives nothing when the pull cannot prove it is complete (revision changed mid-pull)', async () => {
    const roster = generateDistrict({ students: 150, seed: 32 })
    // Overnight three students leave and simply vanish from the SIS: a complete bulk pull would archive them.
    const { roster: tonight, changes } = evolveDistrict(roster, { seed: 5, withdrawals: 3, deletions: 'absent' })
    const good = await startMockOneRosterServer({ version: '1.1', roster, auth: AUTH })
    const drifting = await startMockOneRosterServer({
      version: '1.1',
      roster: tonight,
      auth: AUTH,
      quirks: { revisionChangeAfterRequests: 6 },
    })
    try {
      const client = (url: string, tokenUrl: string) =>
        createOneRosterClient({
          baseUrl: url,
          version: '1.1',
          auth: { ...AUTH, tokenUrl },
          allowInsecureLoopback: true,
          pageSize: 50,
        })
      const store = new MemoryRosterStore()
      const first = await createRosterSync({ source: client(good.baseUrl, good.tokenUrl), store, policy: POLICY }).run()
      expect(first.outcome).toBe('applied')

      const second = await createRosterSync({
        source: client(drifting.baseUrl, drifting.tokenUrl),
        store,
        policy: POLICY,
        state: first.state,
      }).run({ full: true, autoApprove: true })

      expect(changes.withdrawals.length).toBe(3)
      expect(second.report.data.pull?.complete).toBe(false)
      expect(second.report.toText()).toMatch(/incomplete/i)
      const archived = store.records('users').filter((u) => u.archived)
      expect(archived).toHaveLength(0)
      expect(store.records('enrollments').filter((e) => e.archived)).toHaveLength(0)
      // The cursor does not advance past data that was not proven complete.
      expect(second.state.cursor).toBe(first.state.cursor)
    } finally {
      await Promise.all([good.close(), drifting.close()])
    }
  })
})
