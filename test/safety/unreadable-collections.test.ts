import { afterEach, describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput } from '../../src/index.js'
import { createOneRosterClient } from '../../src/oneroster.js'
import { MemoryRosterStore, type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { type Fault, type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { smallDistrict } from '../oneroster/helpers.js'

// A collection the server serves but that could not be read is incomplete, and the roster says so;
// a collection the server does not offer is something else, and is said differently.

const AUTH = { type: 'bearer', token: 'district-token-9Kd' } as const
const DEMOGRAPHICS = '/ims/oneroster/rostering/v1p2/demographics'
const POLICY: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  archiveThreshold: 1,
  roles: { student: { archive: true } },
  entities: { demographics: { sync: true, archive: true }, enrollments: { archive: true } },
}

let server: MockOneRosterServer | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

async function clientBehind(fault: Fault) {
  server = await startMockOneRosterServer({ version: '1.2', auth: AUTH, roster: smallDistrict() })
  proxy = await startFaultProxy(new URL(server.url).origin, (r) => (r.path === DEMOGRAPHICS ? fault : undefined))
  return createOneRosterClient({
    baseUrl: proxy.origin,
    version: '1.2',
    auth: AUTH,
    allowInsecureLoopback: true,
    sleep: async () => {},
    maxRetries: 2,
    pageSize: 100,
  })
}

const status = (code: number, headers: Record<string, string> = {}): Fault => ({
  respond: { status: code, body: JSON.stringify({ message: `status ${code}` }), headers },
})

describe('an optional collection that fails on its first page', () => {
  it.each([
    ['500 after every retry', status(500)],
    ['503 after every retry', status(503)],
    ['429 after every retry', status(429, { 'retry-after': '0' })],
    ['401', status(401)],
    ['a connection reset on every attempt', { reset: true } as const],
    ['a body of the wrong shape', { respond: { status: 200, body: '{"errors":[{"title":"Bad Gateway"}]}' } }],
  ])('with %s is incomplete, with a reason, and the roster is incomplete', async (_, fault) => {
    const client = await clientBehind(fault)
    const roster = await client.pull()
    expect(roster.completeness.demographics).toMatchObject({ complete: false, received: 0 })
    expect(roster.completeness.demographics?.reason).toMatch(/could not be read/)
    expect(roster.complete).toBe(false)
    expect(roster.sourceIssues?.byCode['collection-unreadable']).toEqual({ severity: 'error', count: 1 })
    expect(roster.metadata?.unreadableCollections).toEqual([
      { collection: 'demographics', reason: expect.stringContaining('could not be read') },
    ])
  })

  it.each([404, 403])('with %i is "not offered": left out, said so, and the roster stays complete', async (code) => {
    const client = await clientBehind(status(code))
    const roster = await client.pull()
    expect(roster.completeness.demographics).toBeUndefined()
    expect(roster.complete).toBe(true)
    expect(roster.metadata?.notOfferedCollections).toEqual([{ collection: 'demographics', status: code }])
    expect(roster.sourceIssues?.byCode['collection-not-offered']).toEqual({ severity: 'info', count: 1 })
  })

  it('archives nothing in a sync when demographics could not be read', async () => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({ version: '1.2', auth: AUTH, roster })
    const store = new MemoryRosterStore()
    const direct = createOneRosterClient({
      baseUrl: server.url,
      version: '1.2',
      auth: AUTH,
      allowInsecureLoopback: true,
    })
    const first = await createRosterSync({ source: direct, store, policy: POLICY }).run({ full: true })
    expect(first.outcome).toBe('applied')
    // Three students leave: a complete pull would archive them.
    const leaving = new Set(
      roster.users
        .filter((u) => u.roles[0]?.role === 'student')
        .slice(0, 3)
        .map((u) => u.sourcedId),
    )
    roster.users = roster.users.filter((u) => !leaving.has(u.sourcedId))
    roster.enrollments = roster.enrollments.filter((e) => !leaving.has(e.userSourcedId))
    proxy = await startFaultProxy(new URL(server.url).origin, (r) =>
      r.path === DEMOGRAPHICS ? status(503) : undefined,
    )
    const behind = createOneRosterClient({
      baseUrl: proxy.origin,
      version: '1.2',
      auth: AUTH,
      allowInsecureLoopback: true,
      sleep: async () => {},
      maxRetries: 1,
    })
    const second = await createRosterSync({ source: behind, store, policy: POLICY, state: first.state }).run({
      full: true,
    })
    expect(second.report.data.pull?.complete).toBe(false)
    expect(store.records('users').filter((u) => u.archived)).toHaveLength(0)
    expect(store.records('enrollments').filter((e) => e.archived)).toHaveLength(0)
  })
})
