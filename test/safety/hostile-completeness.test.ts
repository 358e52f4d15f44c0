import { afterEach, describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type SyncResult } from '../../src/index.js'
import { createOneRosterClient } from '../../src/oneroster.js'
import { MemoryRosterStore, type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { type Fault, type FaultProxy, type ProxiedRequest, startFaultProxy } from '../helpers/fault-proxy.js'
import { smallDistrict } from '../oneroster/helpers.js'

// Servers that lie about what they hold: a count, an envelope, a body cut short. A sync with archive
// on must never read the lie as "everything, and the rest is gone".

const POLICY: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  archiveThreshold: 1,
  roles: { student: { archive: true }, teacher: { archive: true }, contact: { archive: true } },
  entities: { enrollments: { archive: true }, classes: { archive: true } },
}
const AUTH = { type: 'bearer', token: 'district-token-7Qx' } as const
const V = '/ims/oneroster/rostering/v1p2'

let server: MockOneRosterServer | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

/** What the report says about one collection of the pull. */
function pulled(result: SyncResult, collection: string) {
  return result.report.data.pull?.collections.find((c) => c.collection === collection)
}

interface Outcome {
  second: SyncResult
  store: MemoryRosterStore
  archived: () => number
}

/** Fills a store from an honest server, then syncs again (archive on) through a lying proxy. */
async function syncThroughFaults(choose: (request: ProxiedRequest) => Fault | undefined): Promise<Outcome> {
  const roster = smallDistrict()
  server = await startMockOneRosterServer({ version: '1.2', auth: AUTH, roster })
  const client = (baseUrl: string) =>
    createOneRosterClient({
      baseUrl,
      version: '1.2',
      auth: AUTH,
      allowInsecureLoopback: true,
      sleep: async () => {},
      pageSize: 40,
      maxRetries: 2,
    })
  const store = new MemoryRosterStore()
  const first = await createRosterSync({ source: client(server.url), store, policy: POLICY }).run({ full: true })
  expect(first.outcome).toBe('applied')
  expect(store.records('users').length).toBeGreaterThan(100)
  proxy = await startFaultProxy(new URL(server.url).origin, choose)
  const second = await createRosterSync({
    source: client(proxy.origin),
    store,
    policy: POLICY,
    state: first.state,
  }).run({ full: true })
  const archived = () =>
    (['users', 'enrollments', 'classes'] as const).reduce(
      (n, entity) => n + store.records(entity).filter((r) => r.archived).length,
      0,
    )
  return { second, store, archived }
}

const withHeader =
  (name: string, value: string) => (answer: { status: number; headers: Record<string, string>; body: string }) => ({
    ...answer,
    headers: { ...answer.headers, [name]: value, link: '' },
  })

describe('a count header is a claim, not a plan', () => {
  it('x-total-count: 999999999999 neither exhausts memory nor archives anything', async () => {
    const { second, archived } = await syncThroughFaults((r) =>
      r.path === `${V}/users` ? { rewrite: withHeader('x-total-count', '999999999999') } : undefined,
    )
    expect(archived()).toBe(0)
    const users = pulled(second, 'users')
    expect(users?.complete).toBe(false)
    expect(users?.reason).toMatch(/reported 999999999999/)
    // The read stopped at the first empty page, not after a trillion offsets.
    expect(proxy!.requestsTo(`${V}/users`).length).toBeLessThan(30)
  })

  it('a count smaller than the first page is not believed: the read goes on and the collection is incomplete', async () => {
    const { second, archived, store } = await syncThroughFaults((r) =>
      r.path === `${V}/users` ? { rewrite: withHeader('x-total-count', '1') } : undefined,
    )
    expect(archived()).toBe(0)
    // Every user was still read; only the proof of completeness is gone.
    expect(pulled(second, 'users')).toMatchObject({
      complete: false,
      expected: 1,
      received: store.records('users').length,
    })
    expect(second.report.data.pull?.complete).toBe(false)
  })

  it('a count smaller than what later pages hold is not believed either', async () => {
    const { second, archived } = await syncThroughFaults((r) =>
      r.path === `${V}/enrollments` ? { rewrite: withHeader('x-total-count', '50') } : undefined,
    )
    expect(archived()).toBe(0)
    expect(pulled(second, 'enrollments')).toMatchObject({ complete: false, expected: 50 })
  })
})

describe('a body without the collection is a shape error, never an empty collection', () => {
  it.each([
    ['{"data":[]}', { data: [] }],
    ['a gateway error list', { errors: [{ status: '502', title: 'Bad Gateway' }] }],
    ['an object with no list at all', { message: 'upstream timed out' }],
  ])('enrollments answered with %s archive nothing', async (_, body) => {
    const { second, archived } = await syncThroughFaults((r) =>
      r.path === `${V}/enrollments`
        ? { respond: { status: 200, body: JSON.stringify(body), headers: { 'x-total-count': '0' } } }
        : undefined,
    )
    expect(archived()).toBe(0)
    expect(second.outcome).toBe('failed')
    expect(second.report.data.error?.code).toBe('ROSTERKIT_RESPONSE_SHAPE')
  })
})

describe('a 200 body cut short is retried like any transient fault', () => {
  it.each([
    ['ends cleanly after the cut', false],
    ['is reset mid-body', true],
  ])('a users page that %s is read again and the sync archives nothing', async (_, declareLength) => {
    const { second, archived } = await syncThroughFaults((r) =>
      r.path === `${V}/users` && r.attempt === 2 ? { truncate: { keepBytes: 300, declareLength } } : undefined,
    )
    expect(second.outcome).toBe('applied')
    expect(pulled(second, 'users')?.complete).toBe(true)
    expect(archived()).toBe(0)
  })
})
