import { describe, expect, it } from 'vitest'
import {
  createRosterSync,
  createSourceIssueCollector,
  isSyncBlockedError,
  type Roster,
  type SourceIssue,
} from '../../src/index.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

const POLICY = { namespace: 'sis', schools: { unmatched: 'create' as const } }

function studentOf(roster: Roster, n = 0) {
  const student = roster.users.filter((u) => u.roles.some((r) => r.role === 'student'))[n]
  if (!student) throw new Error('generated district has too few students')
  return student
}

/** A district whose source reader reported the given issues. */
function withIssues(roster: Roster, issues: readonly SourceIssue[]): Roster {
  const collector = createSourceIssueCollector(5)
  for (const issue of issues) collector.add(issue)
  return { ...roster, sourceIssues: collector.summary() }
}

describe('source issues in a test sync', () => {
  it('quarantine the record a reader error names, so it is neither created nor archived from', async () => {
    const roster = generateDistrict({ students: 40, seed: 21 })
    const cut = studentOf(roster)
    const source = createFakeSource({
      pull: () =>
        withIssues(roster, [
          {
            code: 'row_too_short',
            severity: 'error',
            message: 'the row ends after 4 of 12 fields',
            collection: 'users',
            sourcedId: cut.sourcedId,
            location: 'users.csv:88',
            action: 'kept',
          },
        ]),
    })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({
      source,
      store,
      policy: POLICY,
      districtParameters: { quarantine: { enabled: true } },
    })

    const preview = await sync.preview()

    expect(preview.blocked).toBe(false)
    expect(preview.sourceIssues.bySeverity.error).toBe(1)
    expect(preview.validation.quarantined).toContainEqual(
      expect.objectContaining({ entity: 'users', sourcedId: cut.sourcedId }),
    )
    const created = preview.plan.actions.users.filter((a) => a.kind === 'create').map((a) => a.key)
    expect(created).not.toContain(cut.sourcedId)
    expect(preview.plan.archiveBlocks.map((b) => b.entity)).toContain('users')

    await sync.approve(preview)
    expect(store.records('users').map((r) => r.record.sourcedId)).not.toContain(cut.sourcedId)
  })

  it('block the sync on a reader error when quarantine is off, as a validation error does', async () => {
    const roster = generateDistrict({ students: 30, seed: 26 })
    const cut = studentOf(roster)
    const issue: SourceIssue = {
      code: 'row_too_short',
      severity: 'error',
      message: 'the row ends after 4 of 12 fields',
      collection: 'users',
      sourcedId: cut.sourcedId,
      location: 'users.csv:31',
      action: 'kept',
    }
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => withIssues(roster, [issue]) }),
      store: new MemoryRosterStore(),
      policy: POLICY,
    })

    const preview = await sync.preview()

    expect(preview.blocked).toBe(true)
    expect(preview.holds.map((h) => h.kind)).toEqual(['source'])
    expect(preview.holds[0]?.message).toMatch(/^1 record the source reader could not read \(row_too_short\)/)
  })

  it('block the sync on a reader error that names no record, and say it comes from the source', async () => {
    const roster = generateDistrict({ students: 30, seed: 22 })
    const source = createFakeSource({
      pull: () =>
        withIssues(roster, [
          {
            code: 'invalid_encoding',
            severity: 'error',
            message: 'bytes that are not UTF-8',
            collection: 'users',
            location: 'users.csv:12',
          },
        ]),
    })
    const sync = createRosterSync({ source, store: new MemoryRosterStore(), policy: POLICY })

    const preview = await sync.preview()

    expect(preview.blocked).toBe(true)
    expect(preview.holds[0]).toMatchObject({ kind: 'source' })
    expect(preview.holds[0]?.message).toContain('invalid_encoding')
    expect(preview.holds[0]?.message).toContain('users.csv:12')
    expect(preview.report.data.outcome).toBe('blocked')
    expect(preview.report.data.headline).toContain('invalid_encoding')
    await expect(sync.approve(preview)).rejects.toSatisfy(isSyncBlockedError)
    const run = await sync.run()
    expect(run.outcome).toBe('blocked')
  })

  it('block when the reader counted more errors than it itemised', async () => {
    const roster = generateDistrict({ students: 30, seed: 23 })
    const issues: SourceIssue[] = roster.users.slice(0, 8).map((u, i) => ({
      code: 'value_required_missing',
      severity: 'error',
      message: 'givenName is empty',
      collection: 'users',
      sourcedId: u.sourcedId,
      location: `users.csv:${i + 2}`,
      action: 'kept',
    }))
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => withIssues(roster, issues) }),
      store: new MemoryRosterStore(),
      policy: POLICY,
    })

    const preview = await sync.preview()

    expect(preview.blocked).toBe(true)
    expect(preview.validation.blockReasons.join('\n')).toMatch(/value_required_missing: 3 more issues/)
  })

  it('group warnings by code in every rendering, with counts and located examples', async () => {
    const roster = generateDistrict({ students: 30, seed: 24 })
    const issues: SourceIssue[] = [
      ...roster.users.slice(0, 7).map((u, i) => ({
        code: 'grade_normalised',
        severity: 'warning' as const,
        message: 'grade 9 read as 09',
        collection: 'users' as const,
        sourcedId: u.sourcedId,
        location: `users.csv:${i + 2}:grades`,
        action: 'normalised' as const,
      })),
      {
        code: 'unknown_manifest_key',
        severity: 'warning',
        message: 'fiel.demographics is not a manifest key',
        location: 'manifest.csv:9',
      },
    ]
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => withIssues(roster, issues) }),
      store: new MemoryRosterStore(),
      policy: POLICY,
    })

    const { report, blocked } = await sync.preview()

    expect(blocked).toBe(false)
    const groups = report.data.sourceIssues?.byCode ?? []
    expect(groups.map((g) => [g.code, g.count])).toEqual([
      ['grade_normalised', 7],
      ['unknown_manifest_key', 1],
    ])
    expect(groups[0]?.examples).toHaveLength(5)
    const text = report.toText()
    expect(text).toMatch(/WARNING grade_normalised x7/)
    expect(text).toContain('users.csv:2:grades')
    expect(text).not.toContain('users.csv:5:grades')
    expect(text).toContain('manifest.csv:9: fiel.demographics is not a manifest key')
    expect(report.toHtml()).toContain('unknown_manifest_key')
  })

  it('show wire warnings a source reports only in metadata.warnings', async () => {
    const roster = generateDistrict({ students: 20, seed: 25 })
    const legacy = {
      ...roster,
      metadata: {
        warnings: {
          total: 2,
          counts: { 'boolean-as-string': 2 },
          samples: [
            { code: 'boolean-as-string', path: 'enabledUser', sourcedId: 'u-1', message: '"true" read as true' },
          ],
        },
      },
    }
    const sync = createRosterSync({ source: createFakeSource({ pull: () => legacy }), store: new MemoryRosterStore() })

    const preview = await sync.preview()

    expect(preview.report.data.sourceIssues?.byCode).toEqual([
      expect.objectContaining({ code: 'boolean-as-string', severity: 'warning', count: 2 }),
    ])
  })
})
