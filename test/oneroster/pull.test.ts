import { afterEach, describe, expect, it } from 'vitest'
import { ROSTER_COLLECTIONS, type Roster } from '../../src/model/index.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import type { MockOneRosterQuirks } from '../../src/testing/oneroster-server/index.js'
import { asV1p1Users, clientFor, serverAuth, smallDistrict, withoutProvenance } from './helpers.js'

let server: MockOneRosterServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function expectSameRoster(pulled: Roster, roster: Roster, version: '1.1' | '1.2'): void {
  for (const c of ROSTER_COLLECTIONS) {
    if (c === 'users' && version === '1.1') {
      const got = asV1p1Users(pulled.users).map((u) => ({ ...u, orgs: undefined }))
      const want = asV1p1Users(roster.users).map((u) => ({ ...u, orgs: undefined }))
      expect(got).toEqual(want)
      continue
    }
    if (c === 'academicSessions' && version === '1.1') {
      const strip = (r: Record<string, unknown>) => ({ ...r, orgSourcedId: undefined })
      expect(withoutProvenance(pulled[c]).map(strip)).toEqual(withoutProvenance(roster[c]).map(strip))
      continue
    }
    expect(withoutProvenance(pulled[c]), c).toEqual(withoutProvenance(roster[c]))
  }
  expect(pulled.complete).toBe(true)
}

describe.each(['1.1', '1.2'] as const)('OneRoster %s pull against the loopback server', (version) => {
  it.each(['oauth1', 'oauth2', 'bearer'] as const)('reads a generated district completely with %s', async (kind) => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({ version, auth: serverAuth(kind), roster })
    const pulled = await clientFor(server, version, kind, { pageSize: 100 }).pull()
    expectSameRoster(pulled, roster, version)
    expect(pulled.source).toMatchObject({ kind: 'oneroster-rest', version, vendor: 'generic' })
    expect(pulled.completeness.enrollments).toMatchObject({ complete: true, received: roster.enrollments.length })
    expect(pulled.users.every((u) => u.provenance?.source === 'oneroster-rest')).toBe(true)
  })

  it('stamps one frozen provenance on every record of a pull', async () => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({ version, auth: serverAuth('bearer'), roster })
    const pulled = await clientFor(server, version, 'bearer', { pageSize: 100 }).pull()
    const first = pulled.users[0]?.provenance
    expect(first).toEqual({ source: 'oneroster-rest', version })
    expect(Object.isFrozen(first)).toBe(true)
    for (const c of ROSTER_COLLECTIONS) {
      expect(pulled[c].every((r) => r.provenance === first)).toBe(true)
    }
  })

  const quirks: [string, MockOneRosterQuirks][] = [
    ['a silent page clamp without count headers', { clampPageSize: 37 }],
    ['booleans as strings', { booleansAsStrings: true }],
    ['JSON booleans', { jsonBooleans: true }],
    ['bare arrays instead of envelopes', { bareArrays: true }],
    ['429 storms with Retry-After', { rateLimitStorm: { every: 3, retryAfterSeconds: 1 } }],
    ['random 5xx', { serverErrorRate: 0.2, seed: 3 }],
    ['latency per page', { latencyMs: 5 }],
    ['token expiry mid-pull', { expireTokensAfterRequests: 5 }],
  ]
  it.each(quirks)('still reads every record with %s', async (_name, quirk) => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({ version, auth: serverAuth('oauth2'), roster, quirks: quirk })
    const pulled = await clientFor(server, version, 'oauth2', { pageSize: 100, maxRetries: 8 }).pull()
    expectSameRoster(pulled, roster, version)
  })

  it('marks the pull incomplete when the revision header changes mid-pull', async () => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({
      version,
      auth: serverAuth('bearer'),
      roster,
      quirks: { revisionChangeAfterRequests: 10 },
    })
    const pulled = await clientFor(server, version, 'bearer', { pageSize: 50 }).pull()
    expect(pulled.complete).toBe(false)
    const broken = Object.values(pulled.completeness).filter((c) => c?.complete === false)
    expect(broken[0]?.reason).toMatch(/revision changed/)
  })

  it('de-duplicates and flags records inserted mid-pull (offset drift)', async () => {
    const roster = smallDistrict()
    const before = roster.enrollments.length
    server = await startMockOneRosterServer({
      version,
      auth: serverAuth('bearer'),
      roster,
      quirks: { insertAfterRequests: { after: 8, collection: 'enrollments', count: 5 } },
    })
    const pulled = await clientFor(server, version, 'bearer', { pageSize: 100 }).pull()
    const ids = pulled.enrollments.map((e) => e.sourcedId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(pulled.enrollments.length).toBeGreaterThanOrEqual(before)
    expect(pulled.completeness.enrollments?.complete).toBe(false)
  })

  it('pulls incrementally with a dateLastModified filter and returns the high-water mark', async () => {
    const roster = smallDistrict()
    const first = roster.users[0]
    if (first === undefined) throw new Error('no users')
    first.dateLastModified = '2026-01-02T03:04:05.000Z'
    server = await startMockOneRosterServer({ version, auth: serverAuth('bearer'), roster })
    const pulled = await clientFor(server, version, 'bearer').pull({ since: '2026-01-01T00:00:00.000Z' })
    expect(pulled.mode).toBe('delta')
    expect(pulled.users.map((u) => u.sourcedId)).toEqual([first.sourcedId])
    expect(pulled.cursor).toBe('2026-01-02T03:04:05.000Z')
  })
})

describe('a server promised immutable records', () => {
  it.each(['1.1', '1.2'] as const)(
    'serves %s pages equal to the default server and shows swapped records',
    async (version) => {
      const roster = smallDistrict()
      server = await startMockOneRosterServer({ version, auth: serverAuth('bearer'), roster, immutableRecords: true })
      const first = await clientFor(server, version, 'bearer', { pageSize: 7 }).pull()
      expectSameRoster(first, roster, version)
      const [user] = roster.users
      if (user === undefined) throw new Error('no users')
      roster.users[0] = { ...user, givenName: 'Renamed' }
      roster.enrollments.pop()
      const second = await clientFor(server, version, 'bearer', { pageSize: 7 }).pull()
      expect(second.users[0]?.givenName).toBe('Renamed')
      expect(second.enrollments.length).toBe(roster.enrollments.length)
      expect(second.complete).toBe(true)
    },
  )
})

describe('collection reads', () => {
  it('serves typed wire records with filters, nested collections, single reads and vendor fallbacks', async () => {
    const { where } = await import('../../src/providers/oneroster/index.js')
    const roster = smallDistrict()
    server = await startMockOneRosterServer({ version: '1.2', auth: serverAuth('bearer'), roster })
    const client = clientFor(server, '1.2', 'bearer', { pageSize: 25 })
    const students = await client.users.list({ filter: where('roles.role').eq('student') }).toArray({ limit: 10_000 })
    expect(students.length).toBe(roster.users.filter((u) => u.roles.some((r) => r.role === 'student')).length)
    expect(students.every((s) => typeof s.enabledUser === 'boolean')).toBe(true)
    const school = roster.orgs.find((o) => o.type === 'school')
    if (school === undefined) throw new Error('no school')
    const classes = await client.schools.classes(school.sourcedId).toArray({ limit: 10_000 })
    expect(classes.length).toBe(roster.classes.filter((c) => c.schoolSourcedId === school.sourcedId).length)
    const one = await client.orgs.get(school.sourcedId)
    expect(one.name).toBe(school.name)
    const aeries = clientFor(server, '1.2', 'bearer', { vendor: 'aeries' })
    const viaFallback = await aeries.schools.enrollments(school.sourcedId).toArray({ limit: 100_000 })
    expect(viaFallback.length).toBe(roster.enrollments.filter((e) => e.schoolSourcedId === school.sourcedId).length)
    const terms = roster.academicSessions.filter((s) => s.type === 'term')
    const pages = []
    for await (const page of client.terms.list().pages()) pages.push(page.items.length)
    expect(pages.reduce((a, b) => a + b, 0)).toBe(terms.length)
  })

  it('turns departures into errors in strict mode', async () => {
    const roster = smallDistrict()
    server = await startMockOneRosterServer({
      version: '1.2',
      auth: serverAuth('bearer'),
      roster,
      quirks: { jsonBooleans: true },
    })
    const tolerant = await clientFor(server, '1.2', 'bearer').pull({ collections: ['users'] })
    expect(
      (tolerant.metadata?.warnings as { counts: Record<string, number> } | undefined)?.counts['boolean-as-json'],
    ).toBeGreaterThan(0)
    await expect(
      clientFor(server, '1.2', 'bearer', { strict: true }).users.list().toArray({ limit: 5 }),
    ).rejects.toMatchObject({
      code: 'ROSTERKIT_RESPONSE_SHAPE',
    })
  })
})
