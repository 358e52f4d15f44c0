import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  createRosterSync,
  FullResyncRequiredError,
  isStalePreviewError,
  isSyncBlockedError,
  type MergePolicyInput,
  type ReviewedPreview,
  type Roster,
  type RosterStore,
  type SyncState,
} from '../../src/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource, waitForAbort } from './fake-source.js'

const POLICY: MergePolicyInput = {
  namespace: 'fake:district',
  schools: { unmatched: 'create' },
  roles: { student: { existing: 'autoUpdate', archive: true } },
  entities: { enrollments: { existing: 'autoUpdate', archive: true } },
}

function district(): Roster {
  return { ...generateDistrict({ students: 120, seed: 11 }), cursor: 'c1' }
}

/** A clock that advances one second per reading, so timings and ordering are deterministic. */
function tickingClock(start = Date.parse('2026-01-05T02:00:00Z')): () => Date {
  let t = start
  return () => {
    t += 1000
    return new Date(t)
  }
}

describe('preview', () => {
  it('pulls, validates and plans without writing anything or changing the state', async () => {
    const roster = district()
    const source = createFakeSource({ pull: () => roster })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY, now: tickingClock() })

    const preview = await sync.preview()

    expect(preview.plan.summary.byEntity.users.create).toBe(roster.users.length)
    expect(preview.mode.kind).toBe('full')
    expect(preview.cursor).toBe('c1')
    expect(preview.blocked).toBe(false)
    expect(store.calls).toEqual({ create: 0, update: 0, archive: 0 })
    expect(sync.state).toEqual({ formatVersion: 1 })
    expect(preview.report.data.outcome).toBe('previewed')
  })
})

describe('approve', () => {
  it('applies exactly the reviewed plan and advances the cursor', async () => {
    const roster = district()
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: createFakeSource({ pull: () => roster }), store, policy: POLICY })

    const preview = await sync.preview()
    const result = await sync.approve(preview)

    expect(result.outcome).toBe('applied')
    expect(store.records('users')).toHaveLength(roster.users.length)
    expect(result.state.cursor).toBe('c1')
    expect(result.state.lastFullSyncAt).toBeDefined()
    expect(result.state.checkpoint).toBeUndefined()
    expect(result.report.data.apply?.complete).toBe(true)
  })

  it('refuses a preview made before the host data changed', async () => {
    const roster = district()
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: createFakeSource({ pull: () => roster }), store, policy: POLICY })
    const preview = await sync.preview()
    const teacher = roster.users.find((u) => u.roles.some((r) => r.role === 'teacher'))
    if (!teacher) throw new Error('generated district has no teacher')
    store.add('users', { ...teacher, sourcedId: 'hand-made-1', email: 'hand@made.example' })

    const error = await sync.approve(preview).catch((e: unknown) => e)

    expect(isStalePreviewError(error)).toBe(true)
    expect(store.calls.create).toBe(0)
    expect(sync.state.cursor).toBeUndefined()
  })
})

describe('run', () => {
  it('pulls incrementally from the cursor once a sync has applied, and advances it only after the apply', async () => {
    const first = district()
    const evolved = evolveDistrict(first, { newStudents: 3, withdrawals: 1, renamedClasses: 1 })
    const delta: Roster = { ...evolved.delta, cursor: 'c2' }
    const source = createFakeSource({ pull: (opts) => (opts.since === undefined ? first : delta) })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY, now: tickingClock() })

    const initial = await sync.run()
    expect(initial.outcome).toBe('applied')
    expect(initial.state.cursor).toBe('c1')

    const held = await sync.run({ autoApprove: false })
    expect(held.outcome).toBe('held')
    expect(held.state.cursor).toBe('c1')
    expect(source.seen.at(-1)?.since).toBe('c1')

    const next = await sync.run()
    expect(next.outcome).toBe('applied')
    expect(next.report.data.mode.kind).toBe('incremental')
    expect(next.state.cursor).toBe('c2')
    const withdrawn = evolved.changes.withdrawals[0] as string
    expect(store.find('users', 'fake:district', withdrawn)?.archived).toBe(true)
    for (const id of evolved.changes.newStudents) expect(store.find('users', 'fake:district', id)).toBeDefined()
  })

  it('runs a full sync when the scheduled one is due', async () => {
    const roster = district()
    const source = createFakeSource({ pull: () => roster })
    const clock = tickingClock()
    const sync = createRosterSync({
      source,
      store: new MemoryRosterStore(),
      policy: POLICY,
      now: clock,
      fullSyncEvery: 60_000,
      state: { cursor: 'c0', lastFullSyncAt: '2025-01-01T00:00:00Z' },
    })

    const result = await sync.run()

    expect(source.seen[0]?.since).toBeUndefined()
    expect(result.report.data.mode.reason).toMatch(/scheduled full sync is due/)
  })

  it('holds a plan whose archives trip a safety guard, then applies it once a person approves', async () => {
    const first = district()
    const students = first.users.filter((u) => u.roles.some((r) => r.role === 'student'))
    const gone = new Set(students.slice(0, Math.ceil(students.length / 2)).map((u) => u.sourcedId))
    const second: Roster = {
      ...first,
      cursor: 'c2',
      // Students leave with their guardians' links to them.
      users: first.users
        .filter((u) => !gone.has(u.sourcedId))
        .map((u) => ({ ...u, agentSourcedIds: u.agentSourcedIds.filter((id) => !gone.has(id)) })),
      enrollments: first.enrollments.filter((e) => !gone.has(e.userSourcedId)),
      demographics: first.demographics.filter((d) => !gone.has(d.sourcedId)),
    }
    const source = createFakeSource({ pull: (_, call) => (call === 0 ? first : second), supportsIncremental: false })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY })
    await sync.run()

    const held = await sync.run()

    expect(held.outcome).toBe('held')
    expect(held.report.data.held.join(' ')).toMatch(/student/)
    expect(held.report.data.plan?.guards.length).toBeGreaterThan(0)
    expect(held.state.cursor).toBe('c1')
    expect(store.records('users').filter((u) => u.archived)).toHaveLength(0)

    // The host stores the held preview; the next morning, in another process, a person approves it.
    const stored = JSON.parse(JSON.stringify(held.preview)) as ReviewedPreview
    const morning = createRosterSync({ source, store, policy: POLICY, state: JSON.parse(JSON.stringify(held.state)) })
    const approved = await morning.approve(stored)
    expect(approved.outcome).toBe('applied')
    expect(approved.state.cursor).toBe('c2')
    expect(approved.report.data.plan?.total.archive).toBe(held.report.data.plan?.total.archive)
    expect(store.records('users').filter((u) => u.archived)).toHaveLength(gone.size)
  })

  it('archives nothing from a truncated pull, says so, and keeps the cursor', async () => {
    const first = district()
    const students = first.users.filter((u) => u.roles.some((r) => r.role === 'student'))
    const truncatedUsers = first.users.filter((u) => u !== students[0])
    const truncated: Roster = {
      ...first,
      cursor: 'c2',
      users: truncatedUsers,
      completeness: {
        ...first.completeness,
        users: {
          complete: false,
          received: truncatedUsers.length,
          expected: first.users.length,
          reason: 'server stopped paging',
        },
      },
      complete: false,
    }
    const source = createFakeSource({ pull: (_, call) => (call === 0 ? first : truncated), supportsIncremental: false })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY })
    await sync.run()

    const result = await sync.run()

    expect(store.records('users').filter((u) => u.archived)).toHaveLength(0)
    expect(result.report.data.plan?.total.archive).toBe(0)
    expect(result.report.data.pull?.complete).toBe(false)
    expect(result.report.toText().split('\n\n')[1]).toContain(
      'Not read completely, so nothing is archived from it: users: server stopped paging',
    )
    expect(result.state.cursor).toBe('c1')
  })

  it('leaves a checkpoint when cancelled mid-pull, and the next run pulls from the same point', async () => {
    const first = district()
    const evolved = evolveDistrict(first, { newStudents: 2 })
    const controller = new AbortController()
    const source = createFakeSource({
      pull: async (opts, call) => {
        if (call === 0) return first
        if (call === 1) {
          const pending = waitForAbort(opts.signal)
          controller.abort()
          return pending
        }
        return { ...evolved.delta, cursor: 'c2' }
      },
    })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source, store, policy: POLICY })
    await sync.run()

    const cancelled = await sync.run({ signal: controller.signal })
    expect(cancelled.outcome).toBe('cancelled')
    expect(cancelled.state.checkpoint).toMatchObject({ phase: 'pull', full: false, since: 'c1' })
    expect(cancelled.state.cursor).toBe('c1')

    // The host persisted the state as JSON and starts a new process.
    const resumed = createRosterSync({
      source,
      store,
      policy: POLICY,
      state: JSON.parse(JSON.stringify(cancelled.state)),
    })
    const finished = await resumed.run()
    expect(source.seen.at(-1)?.since).toBe('c1')
    expect(finished.outcome).toBe('applied')
    expect(finished.state.cursor).toBe('c2')
    expect(finished.state.checkpoint).toBeUndefined()
  })

  it('leaves a checkpoint when cancelled mid-apply, and the next run finishes the work', async () => {
    const roster = district()
    const controller = new AbortController()
    const inner = new MemoryRosterStore()
    let batches = 0
    // The host's store: the job is cancelled after the third batch it writes.
    const store: RosterStore = {
      load: () => inner.load(),
      update: (e, items, ctx) => inner.update(e, items, ctx),
      archive: (e, items, ctx) => inner.archive(e, items, ctx),
      async create(entity, items, ctx) {
        const result = await inner.create(entity, items, ctx)
        if (++batches === 3) controller.abort()
        return result
      },
    }
    const source = createFakeSource({ pull: () => roster })
    const options = { source, store, policy: POLICY, apply: { batchSize: 20, concurrency: 1 } }
    const sync = createRosterSync(options)

    const cancelled = await sync.run({ signal: controller.signal })
    expect(cancelled.outcome).toBe('cancelled')
    expect(cancelled.state.checkpoint?.phase).toBe('apply')
    expect(cancelled.state.checkpoint?.full).toBe(true)
    expect(cancelled.state.cursor).toBeUndefined()
    const written = inner.records('users').length + inner.records('orgs').length + inner.records('courses').length
    expect(written).toBeLessThan(roster.users.length)

    const resumed = createRosterSync({ ...options, state: cancelled.state })
    const finished = await resumed.run()
    expect(finished.outcome).toBe('applied')
    expect(source.seen.at(-1)?.since).toBeUndefined()
    expect(inner.records('users')).toHaveLength(roster.users.length)
    expect(inner.records('enrollments')).toHaveLength(roster.enrollments.length)
    expect(finished.state.cursor).toBe('c1')
  })

  it('falls back to a full pull when the source no longer knows the cursor', async () => {
    const roster = district()
    const source = createFakeSource({
      pull: (opts) => {
        if (opts.since !== undefined) throw new FullResyncRequiredError('event too old', opts.since)
        return roster
      },
    })
    const sync = createRosterSync({
      source,
      store: new MemoryRosterStore(),
      policy: POLICY,
      state: { cursor: 'evt-9c41', lastFullSyncAt: new Date().toISOString() },
    })

    const result = await sync.run()

    expect(source.seen.map((s) => s.since)).toEqual(['evt-9c41', undefined])
    expect(result.outcome).toBe('applied')
    expect(result.report.data.mode.kind).toBe('full')
    expect(result.report.data.notes.join(' ')).toMatch(/could no longer continue from where the last sync stopped/)
    // A cursor is internal: reports for people never show it.
    expect(result.report.toText()).not.toContain('evt-9c41')
    expect(result.report.toHtml()).not.toContain('evt-9c41')
  })

  it('returns a failed result with a safe error when the source refuses the credentials', async () => {
    const source = createFakeSource({
      pull: () => {
        throw new AuthenticationError('OneRoster token request failed: 401 Unauthorized', {
          provider: 'oneroster',
          method: 'POST',
          url: 'https://sis.example/oauth/token',
          status: 401,
          hint: 'Check the client id and secret.',
        })
      },
    })
    const sync = createRosterSync({
      source,
      store: new MemoryRosterStore(),
      state: { cursor: 'c9', lastFullSyncAt: new Date().toISOString() },
    })

    const result = await sync.run()

    expect(result.outcome).toBe('failed')
    expect(result.state.cursor).toBe('c9')
    expect(result.state.checkpoint).toBeUndefined()
    expect(result.report.data.error).toMatchObject({
      code: 'ROSTERKIT_AUTHENTICATION',
      hint: 'Check the client id and secret.',
    })
  })

  it('honours data-category switches from the settings screen', async () => {
    const roster = district()
    const store = new MemoryRosterStore()
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: POLICY,
      dataCategories: { parentContacts: false },
    })

    const result = await sync.run()

    expect(result.outcome).toBe('applied')
    expect(
      store.records('users').some((u) => u.record.roles.some((r) => r.role === 'guardian' || r.role === 'parent')),
    ).toBe(false)
    expect(result.report.data.plan?.byRole.contact.create).toBe(0)
    expect(sync.policy.roles.student.archive).toBe(true)
  })
})

describe('validation', () => {
  function withDanglingEnrollment(roster: Roster): Roster {
    const enrollment = roster.enrollments[0]
    if (!enrollment) throw new Error('no enrollment')
    return {
      ...roster,
      enrollments: [{ ...enrollment, sourcedId: 'bad-enr', classSourcedId: 'no-such-class' }, ...roster.enrollments],
    }
  }

  it('blocks a roster with validation errors: run holds it and approve refuses it', async () => {
    const roster = withDanglingEnrollment(district())
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: createFakeSource({ pull: () => roster }), store, policy: POLICY })

    const result = await sync.run()

    expect(result.outcome).toBe('blocked')
    expect(
      result.report.data.validation?.byCode.find((g) => g.code === 'dangling_reference')?.examples[0],
    ).toMatchObject({
      entity: 'enrollments',
      sourcedId: 'bad-enr',
    })
    expect(store.calls).toEqual({ create: 0, update: 0, archive: 0 })
    const error = await sync.approve(result.preview as NonNullable<typeof result.preview>).catch((e: unknown) => e)
    expect(isSyncBlockedError(error)).toBe(true)
    expect(sync.state.cursor).toBeUndefined()
  })

  it('quarantines failing records when the district allows it, and archives nothing on their absence', async () => {
    const roster = district()
    const bad = withDanglingEnrollment(roster)
    const source = createFakeSource({
      pull: (_, call) => (call === 0 ? roster : { ...bad, cursor: 'c2' }),
      supportsIncremental: false,
    })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({
      source,
      store,
      policy: POLICY,
      districtParameters: { quarantine: { enabled: true } },
    })
    await sync.run()

    const result = await sync.run()

    expect(result.outcome).toBe('applied')
    expect(result.report.data.validation?.quarantined).toEqual([
      expect.objectContaining({ entity: 'enrollments', sourcedId: 'bad-enr' }),
    ])
    expect(store.find('enrollments', 'fake:district', 'bad-enr')).toBeUndefined()
    expect(store.records('enrollments').filter((e) => e.archived)).toHaveLength(0)
  })
})

describe('school scope, store refusals, progress and state persistence', () => {
  it('keeps only the schools in scope when several share one SIS', async () => {
    const roster = district()
    const schools = roster.orgs.filter((o) => o.type === 'school')
    const chosen = schools[0]
    if (!chosen || schools.length < 2) throw new Error('need two schools')
    const store = new MemoryRosterStore()
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: POLICY,
      districtParameters: { schools: [chosen.identifier ?? chosen.sourcedId] },
    })

    const result = await sync.run()

    expect(result.outcome).toBe('applied')
    const classes = store.records('classes').map((c) => c.record.schoolSourcedId)
    expect(new Set(classes)).toEqual(new Set([chosen.sourcedId]))
    expect(store.records('orgs').map((o) => o.record.sourcedId)).not.toContain(schools[1]?.sourcedId)
    const students = store.records('users').filter((u) => u.record.roles.some((r) => r.role === 'student'))
    expect(students.length).toBeGreaterThan(0)
    for (const s of students) expect(s.record.roles.some((r) => r.orgSourcedId === chosen.sourcedId)).toBe(true)
    expect(result.report.data.notes.join(' ')).toMatch(/Scoped to 1 school/)
  })

  it('keeps the cursor when the host refuses records, so the next run offers them again', async () => {
    const roster = district()
    const inner = new MemoryRosterStore()
    const refused = roster.users[0]?.sourcedId as string
    const store: RosterStore = {
      load: () => inner.load(),
      update: (e, items, ctx) => inner.update(e, items, ctx),
      archive: (e, items, ctx) => inner.archive(e, items, ctx),
      async create(entity, items, ctx) {
        const rest = items.filter((i) => i.key !== refused)
        await inner.create(entity, rest, ctx)
        return rest.length === items.length ? {} : { failed: [{ key: refused, error: 'email already taken' }] }
      },
    }
    const states: SyncState[] = []
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: POLICY,
      onStateChange: (s) => {
        states.push(s)
      },
    })

    const result = await sync.run()

    expect(result.outcome).toBe('partially-applied')
    expect(result.state.cursor).toBeUndefined()
    expect(result.report.data.apply?.failures).toEqual([
      { entity: 'users', operation: 'create', key: refused, error: 'email already taken' },
    ])
    expect(result.report.toText()).toContain('email already taken')
    // A checkpoint after every batch, then the final state: no cursor, nothing left to resume.
    expect(states.slice(0, -1).every((s) => s.checkpoint?.phase === 'apply')).toBe(true)
    expect(states.at(-1)).toEqual(result.state)
    expect(result.state.checkpoint).toBeUndefined()
  })

  it('counts pages, retries and rate-limit waits and forwards every progress event', async () => {
    const roster = district()
    const source = createFakeSource({
      pull: (opts) => {
        opts.onProgress?.({ type: 'collection-start', collection: 'users', pages: 0, records: 0 })
        opts.onProgress?.({ type: 'page', collection: 'users', pages: 1, records: 100, total: 200 })
        opts.onProgress?.({ type: 'throttle', collection: 'users', pages: 1, records: 100, waitMs: 1500 })
        opts.onProgress?.({ type: 'retry', collection: 'users', pages: 1, records: 100, waitMs: 250 })
        opts.onProgress?.({ type: 'page', collection: 'users', pages: 2, records: 200, total: 200 })
        return roster
      },
    })
    const seen: string[] = []
    const sync = createRosterSync({ source, store: new MemoryRosterStore(), policy: POLICY })

    const preview = await sync.preview({ onProgress: (e) => seen.push(e.type) })

    expect(seen).toEqual(['collection-start', 'page', 'throttle', 'retry', 'page'])
    expect(preview.report.data.pull).toMatchObject({ pages: 2, retries: 1, throttles: 1, waitMs: 1750 })
  })

  it('resumes an approval cancelled mid-apply from its checkpoint', async () => {
    const roster = district()
    const controller = new AbortController()
    const inner = new MemoryRosterStore()
    let batches = 0
    const store: RosterStore = {
      load: () => inner.load(),
      update: (e, items, ctx) => inner.update(e, items, ctx),
      archive: (e, items, ctx) => inner.archive(e, items, ctx),
      async create(entity, items, ctx) {
        batches++
        const result = await inner.create(entity, items, ctx)
        if (batches === 2) controller.abort()
        return result
      },
    }
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: POLICY,
      apply: { batchSize: 25, concurrency: 1 },
    })
    const preview = await sync.preview()

    const cancelled = await sync.approve(preview, { signal: controller.signal })
    expect(cancelled.outcome).toBe('cancelled')
    expect(cancelled.state.checkpoint?.apply?.done.length).toBe(2)
    const before = batches

    const finished = await sync.approve(preview)
    expect(finished.outcome).toBe('applied')
    expect(finished.report.data.notes.join(' ')).toMatch(/Resumed an apply/)
    expect(inner.records('users')).toHaveLength(roster.users.length)
    // Every create batch ran exactly once across both calls: none of the first two ran again.
    const creates = Object.values(preview.plan.summary.byEntity).map((c) => Math.ceil(c.create / 25))
    expect(batches).toBe(creates.reduce((a, b) => a + b, 0))
    expect(before).toBe(2)
  })
})
