import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createRosterSync, type SyncResult } from '../../src/index.js'
import { createOneRosterClient, type OneRosterClientOptions } from '../../src/oneroster.js'
import { generateDistrict, MemoryRosterStore, startMockOneRosterServer } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

/** The README's Quickstart code block, as a reader copies it. */
function quickstartCode(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Quickstart'))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (!match?.[1]) throw new Error('README has no Quickstart code block')
  return match[1]
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>

interface Outcome {
  sync: ReturnType<typeof createRosterSync>
  preview: Awaited<ReturnType<ReturnType<typeof createRosterSync>['preview']>>
  result: SyncResult
}

/**
 * Runs the Quickstart code as written against a loopback OneRoster 1.1 server: only the imports
 * are bound to the real modules, and the client is pointed at the loopback server (the one thing a
 * reader changes in it). `transform` edits the code, e.g. to leave out the schools step.
 */
async function runQuickstart(transform: (code: string) => string = (c) => c) {
  const district = generateDistrict({ students: 80, seed: 14 })
  const server = await startMockOneRosterServer({
    version: '1.1',
    roster: district,
    auth: { type: 'oauth1', clientId: 'key-1', clientSecret: 'secret-1' },
  })
  const store = new MemoryRosterStore()
  const saved: unknown[] = []
  const mailed: string[] = []
  try {
    const body = transform(quickstartCode())
      .replace(/^import .*$/gm, '')
      .concat('\nreturn { sync, preview, result }')
    const run = new AsyncFunction(
      'createRosterSync',
      'createOneRosterClient',
      'key',
      'secret',
      'store',
      'districtParameters',
      'savedState',
      'save',
      'mail',
      body,
    )
    const toLoopback = (options: OneRosterClientOptions) =>
      createOneRosterClient({ ...options, baseUrl: server.url, allowInsecureLoopback: true })
    const outcome = (await run(
      createRosterSync,
      toLoopback,
      'key-1',
      'secret-1',
      store,
      undefined,
      undefined,
      (...values: unknown[]) => saved.push(values),
      (html: string) => mailed.push(html),
    )) as Outcome
    return { ...outcome, district, store, saved, mailed }
  } finally {
    await server.close()
  }
}

describe('the README Quickstart on an empty host', () => {
  it('gives every class and enrollment on the first sync', async () => {
    const { district, store, saved, mailed, sync } = await runQuickstart()

    expect(store.records('classes')).toHaveLength(district.classes.length)
    expect(store.records('enrollments')).toHaveLength(district.enrollments.length)
    expect(store.records('users')).toHaveLength(district.users.length)
    expect(sync.policy.schools.unmatched).toBe('create')
    expect(saved).toHaveLength(1)
    expect(mailed).toHaveLength(1)
  })

  it('without the schools step, says in the first line and in holds what waits on which schools', async () => {
    const { preview, district, store } = await runQuickstart((code) =>
      code.replace(/if \(preview\.schools\.unmatched\.length > 0\) \{[\s\S]*?\n\}\n/, ''),
    )
    const schools = district.orgs.filter((o) => o.type === 'school')

    expect(store.records('classes')).toHaveLength(0)
    expect(preview.schools.unmatched).toHaveLength(schools.length)
    expect(preview.schools.whenUnmatched).toBe('hold')
    const hold = preview.holds.find((h) => h.kind === 'schools')
    expect(hold?.records).toBe(district.classes.length + district.enrollments.length)
    const expected = `${district.classes.length.toLocaleString('en-US')} classes and ${district.enrollments.length.toLocaleString('en-US')} enrollments wait for ${schools.length} schools`
    expect(preview.held[0]).toContain(expected)
    expect(preview.report.data.headline).toContain(expected)
    expect(preview.report.toText().split('\n')[0]).toContain(expected)
    expect(hold?.release).toMatch(/assign/i)
  })
})

describe('a first sync whose schools wait', () => {
  it('still reports them after approving the rest', async () => {
    const roster = generateDistrict({ students: 30, seed: 3 })
    const source = createFakeSource({ pull: () => roster, supportsIncremental: false })
    const sync = createRosterSync({ source, store: new MemoryRosterStore() })
    const result = await sync.approve(await sync.preview())

    expect(result.outcome).toBe('applied')
    expect(result.report.data.holds.map((h) => h.kind)).toEqual(['schools'])
    expect(result.report.data.headline).toMatch(/synced: .*; [0-9,]+ classes and [0-9,]+ enrollments wait for/)
  })
})

describe('review and assign schools', () => {
  it('assigns a school to a host school under another name, and keeps waiting on the others', async () => {
    const roster = generateDistrict({ students: 40, seed: 8 })
    const schools = roster.orgs.filter((o) => o.type === 'school')
    const [assigned, ...others] = schools
    if (!assigned) throw new Error('generated district has no school')
    const store = new MemoryRosterStore()
    // Made by hand in the host: no key the automatic matching could pair it by.
    const { ncesId: _n, stateId: _s, ...bare } = assigned
    const hostSchool = store.add('orgs', {
      ...bare,
      sourcedId: 'host-made',
      name: 'Our own name for it',
      identifier: 'X-1',
    })
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: { namespace: 'sis' },
    })

    const first = await sync.preview()
    expect(first.schools.unmatched.map((s) => s.sourcedId).sort()).toEqual(schools.map((s) => s.sourcedId).sort())

    const reviewed = sync.withSchools({ matches: { [assigned.sourcedId]: hostSchool } })
    const preview = await reviewed.preview()

    expect(preview.schools.matched).toEqual([
      { sourcedId: assigned.sourcedId, name: assigned.name, hostId: hostSchool, matchedBy: 'school:override' },
    ])
    expect(preview.schools.unmatched.map((s) => s.sourcedId).sort()).toEqual(others.map((s) => s.sourcedId).sort())
    expect(reviewed.policy.schools.overrides).toEqual({ [assigned.sourcedId]: hostSchool })
    await reviewed.approve(preview)
    const created = store.records('classes').map((c) => c.record.schoolSourcedId)
    expect(created.length).toBe(roster.classes.filter((c) => c.schoolSourcedId === assigned.sourcedId).length)
    expect(new Set(created)).toEqual(new Set([assigned.sourcedId]))
    expect(reviewed.state.lastSuccessAt).toBeDefined()
  })

  it('pulls in full after school decisions, so the classes that waited arrive', async () => {
    const roster = { ...generateDistrict({ students: 20, seed: 9 }), cursor: '2026-02-01T00:00:00.000Z' }
    // Asked for changes since a cursor, the source answers with a delta, as an API does.
    const source = createFakeSource({ pull: (o) => (o.since === undefined ? roster : { ...roster, mode: 'delta' }) })
    const sync = createRosterSync({
      source,
      store: new MemoryRosterStore(),
      state: { cursor: '2026-01-31T00:00:00.000Z', lastFullSyncAt: new Date().toISOString() },
    })
    expect((await sync.preview()).mode.kind).toBe('incremental')

    const decided = sync.withSchools({ createUnmatched: true })
    const preview = await decided.preview()
    expect(preview.mode).toMatchObject({ kind: 'full', reason: expect.stringMatching(/schools were just assigned/) })
    expect(source.seen.at(-1)?.since).toBeUndefined()

    await decided.approve(preview)
    expect((await decided.preview()).mode.kind).toBe('incremental')
  })
})
