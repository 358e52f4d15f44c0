import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type Roster } from '../../src/index.js'
import { deepEqual } from '../../src/merge/diff-records.js'
import { fingerprintExisting } from '../../src/merge/fingerprint.js'
import { type HostRecord, planMerge } from '../../src/merge/index.js'
import type { User } from '../../src/model/index.js'
import { createOneRosterClient } from '../../src/providers/oneroster/index.js'
import { VALUE_LIMITS } from '../../src/providers/shared/value-limits.js'
import {
  generateDistrict,
  MemoryRosterStore,
  type MockOneRosterServer,
  startMockOneRosterServer,
} from '../../src/testing/index.js'

/**
 * One deeply nested or huge value from a source never poisons the host's store: unknown fields are
 * bounded on the way in, and fingerprinting and comparison walk any depth the host itself holds.
 */

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' }
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

const POLICY: MergePolicyInput = {
  namespace: 'oneroster:deep',
  schools: { unmatched: 'create' },
  roles: { student: { existing: 'autoUpdate', archive: true } },
}

const roster: Roster = generateDistrict({
  seed: 4,
  students: 20,
  schools: { elementary: 1, middle: 0, high: 0 },
  classSize: 10,
})
const target = roster.users.find((u) => u.roles.some((r) => r.role === 'student')) as User

describe('a 10,000-deep unknown field and a 10 MB name from the source', () => {
  let server: MockOneRosterServer
  beforeAll(async () => {
    server = await startMockOneRosterServer({ version: '1.2', auth: { type: 'bearer', token: 't' }, roster })
  })
  afterAll(async () => {
    await server.close()
  })

  function source() {
    return createOneRosterClient({
      baseUrl: server.url,
      version: '1.2',
      auth: { type: 'bearer', token: 't' },
      allowInsecureLoopback: true,
      sleep: async () => {},
      // A server that adds a hostile unknown field and an enormous name to one student.
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        const url = new URL(input instanceof Request ? input.url : String(input))
        if (!url.pathname.endsWith('/users') || !response.ok) return response
        const parsed = (await response.json()) as { users: Record<string, unknown>[] }
        const user = parsed.users.find((u) => u.sourcedId === target.sourcedId)
        if (user !== undefined) {
          user.givenName = 'G'.repeat(10_000_000)
          user.hugeField = 'y'.repeat(30_000)
          user.deepMarker = 0
        }
        // JSON.stringify cannot write the deep value (that is the point), so it goes in as text.
        const deep = `${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`
        const body = JSON.stringify(parsed).replace('"deepMarker":0', `"deepField":${deep}`)
        const headers = new Headers(response.headers)
        headers.delete('content-length')
        return new Response(body, { status: response.status, headers })
      },
    })
  }

  it('the sync succeeds, the store loads and serialises, and later runs succeed', async () => {
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: source(), store, policy: POLICY })
    const preview = await sync.preview()
    expect(() => JSON.stringify(preview)).not.toThrow()
    const first = await sync.approve(preview)
    expect(first.outcome).toBe('applied')
    const loaded = await store.load()
    const text = JSON.stringify(loaded)
    expect(text.length).toBeLessThan(5_000_000)
    const stored = loaded.users?.find((u) => u.record.sourcedId === target.sourcedId)?.record as User
    expect(stored.givenName).toHaveLength(VALUE_LIMITS.name)
    expect(stored.metadata?.deepField).toBeUndefined()
    const pulled = await source().pull({ collections: ['users'] })
    const warnings = pulled.metadata?.warnings as { counts: Record<string, number> }
    expect(warnings.counts['metadata-bounded']).toBe(1)
    expect(warnings.counts['value-too-long']).toBe(1)
    expect(pulled.users.find((u) => u.sourcedId === target.sourcedId)?.metadata?.hugeField).toHaveLength(30_000)
    for (let i = 0; i < 2; i++) {
      const next = await sync.run()
      expect(['applied', 'unchanged', 'nothing-to-do']).toContain(next.outcome)
    }
    expect(() => JSON.stringify(store.load())).not.toThrow()
  }, 60_000)
})

describe('host records nested deeper than any source may send', () => {
  it('fingerprint, comparison and planning walk 100,000 levels without overflowing the stack', () => {
    const user = { ...target, metadata: { deep: nested(100_000) } }
    const host: HostRecord<User> = { hostId: 'h1', record: user }
    expect(() => fingerprintExisting({ users: [host] })).not.toThrow()
    expect(deepEqual(nested(100_000), nested(100_000))).toBe(true)
    expect(deepEqual(nested(100_000), nested(99_999))).toBe(false)
    const incoming = { ...roster, users: [{ ...target, metadata: { deep: 'flat' } }] }
    expect(() => planMerge({ existing: { users: [host] }, incoming, policy: POLICY })).not.toThrow()
  })
})
