import { afterEach, describe, expect, it } from 'vitest'
import {
  isConfigurationError,
  isFullResyncRequiredError,
  isNotFoundError,
  isResponseShapeError,
  type Roster,
  type User,
} from '../../src/index.js'
import { createCleverClient } from '../../src/providers/clever/index.js'
import { type MockCleverServer, startMockCleverServer } from '../../src/testing/clever-server/index.js'
import { generateDistrict } from '../../src/testing/generate-district.js'
import { createRateGovernor, type TransportRetryEvent } from '../../src/transport/index.js'
import { cleverComparable } from './normalise.js'

const servers: MockCleverServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(roster: Roster, extra: Partial<Parameters<typeof startMockCleverServer>[0]> = {}) {
  const server = await startMockCleverServer({ roster, ...extra })
  servers.push(server)
  return server
}

function clientFor(server: MockCleverServer, extra: Parameters<typeof createCleverClient>[1] = {}) {
  return createCleverClient(
    { token: server.token },
    { baseUrl: server.baseUrl(), allowInsecureLoopback: true, pageSize: 40, sleep: async () => {}, ...extra },
  )
}

describe('Clever client against the loopback Clever server', () => {
  it('round-trips a generated district into the same canonical roster', async () => {
    const source = generateDistrict({ seed: 11, students: 150 })
    const server = await serve(source)
    const client = clientFor(server)
    const roster = await client.pull()
    expect(roster.mode).toBe('bulk')
    expect(roster.complete).toBe(true)
    expect(roster.cursor).toBeDefined()
    const expected = cleverComparable(source)
    const actual = cleverComparable(roster)
    expect(actual.orgs).toEqual(expected.orgs)
    expect(actual.academicSessions).toEqual(expected.academicSessions)
    expect(actual.courses).toEqual(expected.courses)
    expect(actual.classes).toEqual(expected.classes)
    expect(actual.users).toEqual(expected.users)
    expect(actual.enrollments).toEqual(expected.enrollments)
    expect(actual.demographics).toEqual(expected.demographics)
    // Paging really happened, through links[rel=next].
    expect(server.requests.some((r) => r.url.includes('starting_after='))).toBe(true)
    expect(server.requests.every((r) => r.authScheme === 'Bearer')).toBe(true)
  })

  it('looks up the district token with app credentials and picks the district', async () => {
    const source = generateDistrict({ seed: 5, students: 30 })
    const server = await serve(source, {
      otherDistrictTokens: [{ districtId: 'other-district', token: 'other-token' }],
    })
    const options = {
      baseUrl: server.baseUrl(),
      tokensUrl: `${server.origin}/oauth/tokens`,
      allowInsecureLoopback: true,
    }
    const app = { clientId: server.clientId, clientSecret: server.clientSecret }
    const client = createCleverClient({ ...app, districtId: server.districtId }, options)
    const schools = await client.schools.list().toArray({ limit: 100 })
    expect(schools.map((s) => s.id).sort()).toEqual(
      source.orgs
        .filter((o) => o.type === 'school')
        .map((o) => o.sourcedId)
        .sort(),
    )
    expect(await client.districtId()).toBe(server.districtId)
    const tokenCalls = server.requests.filter((r) => r.url.startsWith('/oauth/tokens'))
    expect(tokenCalls).toHaveLength(1)
    expect(tokenCalls[0]?.authScheme).toBe('Basic')

    const unknown = createCleverClient({ ...app, districtId: 'nope' }, options)
    await expect(unknown.users.list().toArray({ limit: 1 })).rejects.toSatisfy(isNotFoundError)
    const ambiguous = createCleverClient(app, options)
    await expect(ambiguous.users.list().toArray({ limit: 1 })).rejects.toSatisfy(isConfigurationError)
  })

  it('applies creates, updates and deletes through events on an incremental pull', async () => {
    const source = generateDistrict({ seed: 3, students: 60 })
    const server = await serve(source)
    const client = clientFor(server)
    const full = await client.pull()
    const student = source.users.find((u) => u.roles.some((r) => r.role === 'student'))!
    const leaving = source.users.filter((u) => u.roles.some((r) => r.role === 'student'))[1]!
    const renamed: User = { ...student, familyName: 'Renamed' }
    const newcomer: User = { ...student, sourcedId: 'stu-new', username: 'newcomer', userIds: [], agentSourcedIds: [] }
    const leavingClasses = source.enrollments.filter((e) => e.userSourcedId === leaving.sourcedId)
    expect(leavingClasses.length).toBeGreaterThan(0)
    server.applyChanges({ upsert: { users: [renamed, newcomer] }, remove: { users: [leaving.sourcedId] } })

    const delta = await client.pull({ since: full.cursor })
    expect(delta.mode).toBe('delta')
    expect(delta.cursor).toBe(server.latestEventId())
    const byId = new Map(delta.users.map((u) => [u.sourcedId, u]))
    expect(byId.get(student.sourcedId)).toMatchObject({ status: 'active', familyName: 'Renamed' })
    expect(student.agentSourcedIds.length).toBeGreaterThan(0)
    expect(byId.get(student.sourcedId)?.agentSourcedIds.sort()).toEqual([...student.agentSourcedIds].sort())
    expect(byId.get('stu-new')?.status).toBe('active')
    expect(byId.get(leaving.sourcedId)?.status).toBe('tobedeleted')
    const dropped = delta.enrollments.filter((e) => e.userSourcedId === leaving.sourcedId)
    expect(dropped.map((e) => e.classSourcedId).sort()).toEqual(leavingClasses.map((e) => e.classSourcedId).sort())
    expect(dropped.every((e) => e.status === 'tobedeleted')).toBe(true)
    expect(delta.classes.length).toBe(new Set(leavingClasses.map((e) => e.classSourcedId)).size)

    const nothing = await client.pull({ since: delta.cursor })
    expect(nothing.users).toEqual([])
    expect(nothing.cursor).toBe(delta.cursor)
  })

  it('reads previous_attributes where the Swagger puts them, beside data', async () => {
    const source = generateDistrict({ seed: 13, students: 30 })
    const server = await serve(source, { quirks: { previousAttributesBesideData: true } })
    const client = clientFor(server)
    const full = await client.pull({ collections: ['classes'] })
    const enrollment = source.enrollments.find((e) => e.role === 'student')!
    server.applyChanges({ remove: { enrollments: [enrollment.sourcedId] } })
    const delta = await client.pull({ since: full.cursor, collections: ['enrollments'] })
    const gone = delta.enrollments.filter((e) => e.status === 'tobedeleted')
    expect(gone.map((e) => [e.classSourcedId, e.userSourcedId])).toEqual([
      [enrollment.classSourcedId, enrollment.userSourcedId],
    ])
  })

  it('finds the newest event by reading the feed when ending_before=last is refused', async () => {
    const source = generateDistrict({ seed: 14, students: 10 })
    const server = await serve(source, { quirks: { rejectEndingBeforeLast: true } })
    const teacher = source.users.find((u) => u.roles.some((r) => r.role === 'teacher'))!
    server.applyChanges({ upsert: { users: [{ ...teacher, givenName: 'One' }] } })
    server.applyChanges({ upsert: { users: [{ ...teacher, givenName: 'Two' }] } })
    const full = await clientFor(server, { maxRetries: 0 }).pull({ collections: ['orgs'] })
    expect(full.cursor).toBe(server.latestEventId())
    expect(server.requests.some((r) => r.status === 400)).toBe(true)
  })

  it('raises FullResyncRequiredError for a cursor Clever no longer keeps', async () => {
    const source = generateDistrict({ seed: 4, students: 20 })
    const server = await serve(source)
    const client = clientFor(server)
    const teacher = source.users.find((u) => u.roles.some((r) => r.role === 'teacher'))!
    server.applyChanges({ upsert: { users: [{ ...teacher, givenName: 'Changed' }] } })
    const full = await client.pull()
    server.applyChanges({ upsert: { users: [{ ...teacher, givenName: 'Again' }] } })
    server.expireEvents()
    await expect(client.pull({ since: full.cursor })).rejects.toSatisfy(isFullResyncRequiredError)
  })

  it('issues an empty-feed cursor that expires with Clever’s retention', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const server = await serve(generateDistrict({ seed: 6, students: 10 }), { now: () => now })
    const client = clientFor(server, { now: () => now })
    const full = await client.pull({ collections: ['orgs'] })
    expect(full.cursor).toMatch(/^clever-events-empty@/)
    const ids = server.applyChanges({ remove: { classes: [server.roster().classes[0]!.sourcedId] } })
    expect(ids.length).toBeGreaterThan(0)
    const delta = await client.pull({ since: full.cursor })
    expect(delta.classes.every((c) => c.status === 'tobedeleted')).toBe(true)
    expect(delta.classes).toHaveLength(1)
    now += 31 * 24 * 3600 * 1000
    await expect(client.pull({ since: full.cursor })).rejects.toSatisfy(isFullResyncRequiredError)
  })

  it('diagnoses a good connection and a non-district token', async () => {
    const server = await serve(generateDistrict({ seed: 8, students: 10 }))
    const good = await clientFor(server).testConnection()
    expect(good.ok).toBe(true)
    expect(good.checks.map((c) => c.id)).toEqual([
      'auth',
      'district',
      'endpoint:schools',
      'endpoint:terms',
      'endpoint:courses',
      'endpoint:sections',
      'endpoint:users',
      'endpoint:events',
    ])
    const wrong = createCleverClient(
      { token: 'an-instant-login-token' },
      { baseUrl: server.baseUrl(), allowInsecureLoopback: true, maxRetries: 0 },
    )
    const diagnosis = await wrong.testConnection()
    expect(diagnosis.ok).toBe(false)
    expect(diagnosis.checks[0]).toMatchObject({ id: 'auth', status: 'fail' })
    expect(diagnosis.summary).toMatch(/HTML, not JSON: not a district token/)
    await expect(wrong.users.list().toArray({ limit: 1 })).rejects.toSatisfy(isResponseShapeError)
  })

  it('waits out X-Ratelimit-Remaining: 0 through the shared governor instead of hitting 429', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z')
    const sleeps: number[] = []
    const sleep = async (ms: number) => {
      sleeps.push(ms)
      now += ms
    }
    const server = await serve(generateDistrict({ seed: 9, students: 40 }), {
      now: () => now,
      rateLimit: 3,
      rateLimitWindowMs: 60_000,
    })
    const governor = createRateGovernor({ requests: 1200, intervalMs: 60_000, now: () => now, sleep })
    const client = clientFor(server, { rateGovernor: governor, sleep, now: () => now, pageSize: 5 })
    const users = await client.users.list().toArray({ limit: 1000 })
    expect(users.length).toBe(server.roster().users.length)
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0)
    expect(Math.max(...sleeps)).toBeGreaterThan(1000)
  })

  it('retries a 429 and a 503 and still reads everything', async () => {
    const server = await serve(generateDistrict({ seed: 10, students: 10 }))
    const retries: TransportRetryEvent[] = []
    const client = clientFor(server, { hooks: { onRetry: (e) => retries.push(e) } })
    server.failNext({ status: 429 })
    server.failNext({ status: 503 })
    const sections = await client.sections.list().toArray({ limit: 10_000 })
    expect(sections).toHaveLength(server.roster().classes.length)
    expect(retries.map((r) => r.status)).toEqual([429, 503])
  })

  it('serves nested listings and role filters', async () => {
    const source = generateDistrict({ seed: 12, students: 30 })
    const server = await serve(source)
    const client = clientFor(server)
    const contacts = await client.users.list({ role: 'contact' }).toArray({ limit: 1000 })
    expect(contacts.length).toBe(
      source.users.filter((u) => u.roles.some((r) => ['parent', 'guardian', 'relative'].includes(r.role))).length,
    )
    const klass = source.classes[0]!
    const students = await client.sections.users(klass.sourcedId, { role: 'student' }).toArray({ limit: 1000 })
    expect(students.map((s) => s.id).sort()).toEqual(
      source.enrollments
        .filter((e) => e.classSourcedId === klass.sourcedId && e.role === 'student')
        .map((e) => e.userSourcedId)
        .sort(),
    )
    const section = await client.sections.get(klass.sourcedId)
    expect(section.name).toBe(klass.title)
  })

  it('refuses a page size over 10,000 before any request', () => {
    expect(() => createCleverClient({ token: 't' }, { pageSize: 20_000 })).toThrow(/10,000/)
  })
})
