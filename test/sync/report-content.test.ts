import { describe, expect, it } from 'vitest'
import {
  createRosterSync,
  createSyncReport,
  escapeHtml,
  isConfigurationError,
  type ReviewedPreview,
  type Roster,
} from '../../src/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'
import { secondNight } from './report-scenario.js'

const POLICY = {
  namespace: 'sis',
  schools: { unmatched: 'create' as const },
  roles: { student: { existing: 'autoUpdate' as const, archive: true } },
  entities: { classes: { existing: 'autoUpdate' as const }, enrollments: { archive: true } },
}

/** A host that holds the first night, and the sync of a second night. */
async function nightAfter(first: Roster, second: Roster, extra: Partial<Parameters<typeof createRosterSync>[0]> = {}) {
  const store = new MemoryRosterStore()
  const setup = createRosterSync({ source: createFakeSource({ pull: () => first }), store, policy: POLICY })
  await setup.approve(await setup.preview())
  const sync = createRosterSync({ source: createFakeSource({ pull: () => second }), store, policy: POLICY, ...extra })
  return { store, sync }
}

describe('a report says what changes', () => {
  it('names the records to archive, with ids and schools', async () => {
    const { preview, first } = await secondNight({ withdrawals: 4 })
    const schoolName = new Map(first.orgs.map((o) => [o.sourcedId, o.name]))
    const archivedUsers = preview.report.data.plan?.changes.archives.filter((a) => a.entity === 'users') ?? []

    expect(archivedUsers).toHaveLength(4)
    for (const a of archivedUsers) {
      const user = first.users.find((u) => u.sourcedId === a.sourcedId)
      expect(a.name).toBe(`${user?.givenName} ${user?.familyName}`)
      expect([...schoolName.values()]).toContain(a.school)
      expect(a.role).toBe('student')
    }
    const text = preview.report.toText()
    for (const a of archivedUsers) expect(text).toContain(a.name)
  })

  it('shows each update field by field, before and after', async () => {
    const { preview, first } = await secondNight()
    const updates = preview.report.data.plan?.changes.updates ?? []

    expect(updates).toHaveLength(3)
    for (const u of updates) {
      const before = first.classes.find((c) => c.sourcedId === u.sourcedId)
      const title = u.fields.find((f) => f.field === 'title')
      expect(title?.before).toBe(before?.title)
      expect(title?.after).toBe(u.name)
      expect(preview.report.toText()).toContain(`title: ${title?.before} → ${title?.after}`)
    }
  })

  it('groups skips by reason with counts, demographics off by default among them', async () => {
    const roster = generateDistrict({ students: 40, seed: 41 })
    const sync = createRosterSync({ source: createFakeSource({ pull: () => roster }), store: new MemoryRosterStore() })

    const { report } = await sync.preview()
    const groups = report.data.plan?.changes.skips ?? []
    const demographics = groups.find((g) => g.reason === 'not-synced')

    expect(demographics?.count).toBe(roster.demographics.length)
    expect(demographics?.byEntity).toEqual({ demographics: roster.demographics.length })
    expect(demographics?.label).toMatch(/demographics are off by default/)
    expect(groups.map((g) => g.count)).toEqual([...groups.map((g) => g.count)].sort((a, b) => b - a))
    expect(report.toText()).toMatch(new RegExp(`${roster.demographics.length}  Not synced: this data is turned off`))
  })

  it('caps long lists for email and says how many it left out; the JSON keeps them all', async () => {
    const first = generateDistrict({ students: 60, seed: 42 })
    const { roster: second } = evolveDistrict(first, { newStudents: 30 })
    const { sync } = await nightAfter(first, second, { report: { listLimit: 5 } })

    const { report } = await sync.preview()
    const creates = report.data.plan?.changes.creates ?? []

    expect(creates.length).toBeGreaterThan(30)
    expect(JSON.parse(JSON.stringify(report)).plan.changes.creates).toHaveLength(creates.length)
    const text = report.toText()
    expect(text).toContain(`… and ${creates.length - 5} more (every one is in the JSON report)`)
    expect(text).toContain(creates[4]?.name)
    expect(text).not.toContain(`users ${creates[5]?.sourcedId} `)
    expect(report.toHtml()).toContain(`… and ${creates.length - 5} more.`)
    expect(report.toText({ listLimit: 100_000 })).not.toContain('more (every one is in the JSON report)')
  })

  it('bounds the lists of a very large plan, counting what it leaves out', async () => {
    const first = generateDistrict({ students: 60, seed: 49 })
    const { roster: second } = evolveDistrict(first, { newStudents: 30 })
    const { sync } = await nightAfter(first, second, { report: { recordLimit: 8, listLimit: 5 } })

    const { report, plan } = await sync.preview()
    const changes = report.data.plan?.changes

    expect(changes?.creates).toHaveLength(8)
    expect(changes?.omitted.creates).toBe(plan.summary.total.create - 8)
    expect(report.toText()).toContain(`To create: ${plan.summary.total.create} records`)
    expect(report.toText()).toContain(`… and ${plan.summary.total.create - 5} more (the JSON report lists 8)`)
  })
})

describe('a report is written for people', () => {
  it('names the district, and shows times in the configured time zone', async () => {
    const roster = generateDistrict({ students: 20, seed: 43 })
    const district = roster.orgs.find((o) => o.type === 'district')
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store: new MemoryRosterStore(),
      report: { timeZone: 'America/Chicago' },
      now: () => new Date('2026-01-15T14:30:00Z'),
    })

    const { report } = await sync.preview()

    expect(report.data.source.district).toBe(district?.name)
    expect(report.toText()).toContain(`District:  ${district?.name}`)
    expect(report.toText()).toContain('Started:   Jan 15, 2026, 08:30 CST')
    expect(report.toText({ timeZone: 'Asia/Tokyo' })).toContain('Jan 15, 2026, 23:30 GMT+9')
    expect(report.toHtml()).toContain('Jan 15, 2026, 08:30 CST')
    expect(report.toHtml()).not.toContain('2026-01-15T14:30')
  })

  it('refuses an unknown time zone when the sync is made, not when the report is mailed', () => {
    expect(() =>
      createRosterSync({
        source: createFakeSource({ pull: () => generateDistrict({ students: 5 }) }),
        store: new MemoryRosterStore(),
        report: { timeZone: 'Mars/Olympus_Mons' },
      }),
    ).toThrow(expect.objectContaining({ code: 'ROSTERKIT_CONFIGURATION' }))
    expect(isConfigurationError(new Error('x'))).toBe(false)
  })

  it('states each safety guard once, in what waits for a person', async () => {
    const first = generateDistrict({ students: 80, seed: 44 })
    const { roster: second } = evolveDistrict(first, { withdrawals: 30 })
    const { sync } = await nightAfter(first, second)

    const result = await sync.run()

    expect(result.outcome).toBe('held')
    const guard = result.report.data.holds.find((h) => h.kind === 'guard')
    expect(guard).toBeDefined()
    const occurrences = (text: string, needle: string) => text.split(needle).length - 1
    const message = guard?.message ?? ''
    expect(occurrences(result.report.toText(), message)).toBe(1)
    expect(occurrences(result.report.toHtml(), escapeHtml(message))).toBe(1)
    expect(result.report.toText().split('\n')[2]).toMatch(/^HELD FOR APPROVAL/)
  })

  it('puts incomplete and not-offered collections in the first lines', async () => {
    const incomplete = await secondNight({ demographics: 'incomplete' })
    const offered = await secondNight({ demographics: 'not-offered' })

    const head = (text: string) => text.split('\n\n').slice(0, 2).join('\n')
    expect(head(incomplete.preview.report.toText())).toContain(
      'Not read completely, so nothing is archived from it: demographics: the source answered 503 after 3 retries',
    )
    expect(head(offered.preview.report.toText())).toContain('Not offered by the source: demographics')
    expect(head(offered.preview.report.toText())).not.toContain('Not read completely')
  })

  it('reads metadata.skippedCollections: a refusal is incomplete, a 404 is not offered', async () => {
    const base = generateDistrict({ students: 20, seed: 45 })
    const { demographics: _dropped, ...completeness } = base.completeness
    const refused = { ...base, completeness, metadata: { skippedCollections: ['demographics (403)'] } }
    const missing = { ...base, completeness, metadata: { skippedCollections: ['demographics (404)'] } }
    const preview = (roster: Roster) =>
      createRosterSync({ source: createFakeSource({ pull: () => roster }), store: new MemoryRosterStore() }).preview()

    const a = (await preview(refused)).report
    const b = (await preview(missing)).report

    expect(a.data.pull?.complete).toBe(false)
    expect(a.data.pull?.collections.find((c) => c.collection === 'demographics')?.state).toBe('incomplete')
    expect(a.toText()).toContain(
      'Not read completely, so nothing is archived from it: demographics: the source refused it (403)',
    )
    expect(b.data.pull?.collections.find((c) => c.collection === 'demographics')?.state).toBe('not-offered')
    expect(b.toText()).toContain('Not offered by the source: demographics')
  })

  it('uses the singular for one', async () => {
    const roster = generateDistrict({ students: 20, seed: 46 })
    const school = roster.orgs.find((o) => o.type === 'school')
    const cls = roster.classes.find((c) => c.schoolSourcedId === school?.sourcedId)
    if (!school || !cls) throw new Error('generated district has no class')
    const oneClass: Roster = {
      ...roster,
      classes: [cls],
      enrollments: roster.enrollments.filter((e) => e.classSourcedId === cls.sourcedId).slice(0, 1),
    }
    // The host already knows every other school (made by hand there), so only one waits.
    const store = new MemoryRosterStore()
    for (const other of roster.orgs.filter((o) => o.type === 'school' && o !== school)) {
      store.add('orgs', { ...other, sourcedId: `host-${other.sourcedId}` })
    }
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => oneClass }),
      store,
      districtParameters: {
        severity: { dangling_reference: 'off', student_without_enrollment: 'off', class_without_teacher: 'off' },
      },
    })

    const { report } = await sync.preview()
    const revived = createSyncReport({
      ...report.toJSON(),
      pull: { ...report.data.pull!, pages: 1, retries: 1, throttles: 1 },
    })

    expect(report.data.headline).toContain('1 class and 1 enrollment wait for 1 school to be matched')
    expect(revived.toText()).toContain('1 page, 1 retry, 1 rate-limit wait (')
  })

  it('names what an approval of a preview read back from JSON archived, from the host records', async () => {
    const first = generateDistrict({ students: 60, seed: 47 })
    const { roster: second, changes } = evolveDistrict(first, { withdrawals: 2 })
    const { sync } = await nightAfter(first, second)
    const { report: _report, ...reviewed } = await sync.preview()
    const revived = JSON.parse(JSON.stringify(reviewed)) as ReviewedPreview

    const result = await sync.approve(revived)
    const archived = result.report.data.plan?.changes.archives.filter((a) => a.entity === 'users') ?? []

    expect(archived.map((a) => a.sourcedId).sort()).toEqual([...changes.withdrawals].sort())
    for (const a of archived) expect(a.name).not.toBe(a.sourcedId)
  })

  it('renders a stored report of format 1', async () => {
    const roster = generateDistrict({ students: 20, seed: 48 })
    const { report } = await createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store: new MemoryRosterStore(),
    }).preview()
    const { holds: _holds, policy: _policy, ...rest } = report.toJSON()
    const { changes: _changes, schools, ...plan } = rest.plan!
    const v1 = {
      ...rest,
      formatVersion: 1,
      held: ['a guard tripped'],
      plan: { ...plan, unmatchedSchools: schools.unmatched },
    }

    const revived = createSyncReport(v1 as never)

    expect(revived.data.holds.map((h) => h.message)).toEqual(['a guard tripped'])
    expect(revived.toText()).toContain('a guard tripped')
    expect(revived.toHtml()).toContain('a guard tripped')
  })
})
