import { describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type Roster } from '../../src/index.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from '../sync/fake-source.js'

const POLICY: MergePolicyInput = {
  namespace: 'fake:district',
  schools: { unmatched: 'create' },
  archiveThreshold: 1,
  roles: { student: { existing: 'autoUpdate', archive: true }, teacher: { archive: true } },
  entities: { classes: { archive: true }, enrollments: { existing: 'autoUpdate', archive: true } },
}

function archives(result: { preview?: { plan: { summary: { byEntity: Record<string, { archive: number }> } } } }) {
  return Object.values(result.preview?.plan.summary.byEntity ?? {}).reduce((n, e) => n + e.archive, 0)
}

describe('school scoping never turns a selector that matches nothing into archives', () => {
  it('a mistyped school leaves every already-synced record in place', async () => {
    const roster: Roster = { ...generateDistrict({ students: 60, seed: 5 }), cursor: 'c1' }
    const store = new MemoryRosterStore()
    const source = createFakeSource({ pull: () => roster, supportsIncremental: false })
    const first = await createRosterSync({ source, store, policy: POLICY }).run()
    expect(first.outcome).toBe('applied')
    const before = store.records('enrollments').length
    expect(before).toBeGreaterThan(0)

    const scoped = createRosterSync({
      source,
      store,
      policy: POLICY,
      districtParameters: { schools: ['NO-SUCH-SCHOOL'] },
    })
    const preview = await scoped.preview()
    // The plan would archive every school's records: only the validation block stands in between.
    expect(archives({ preview })).toBeGreaterThan(0)
    expect(preview.blocked).toBe(true)
    const result = await scoped.run()
    expect(result.outcome).toBe('blocked')
    expect(store.calls.archive).toBe(0)
    expect(store.records('enrollments').filter((e) => !e.archived)).toHaveLength(before)
  })
})
