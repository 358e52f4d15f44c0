import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MergeEntity, Org, Roster, RosterStore, User } from '../../src/index.js'
import * as rosterkit from '../../src/index.js'
import { createOneRosterClient } from '../../src/oneroster.js'
import {
  evolveDistrict,
  generateDistrict,
  type MockOneRosterServer,
  startMockOneRosterServer,
} from '../../src/testing/index.js'
import { docSnippet, runSnippet } from './doc-snippets.js'

// docs/roster-store.md promises that an adapter written from the page works. The adapter below is
// the page's own code block, read from the file and run as printed: if the page changes, this test
// runs the new text.

interface Row {
  id: string
  districtId: string
  record: { sourcedId: string; email?: string | undefined }
  link?: { namespace: string; createdBySource: boolean }
  archived?: boolean
}
type Tables = Map<MergeEntity, Map<string, Row>>
type StoreClass = new (tables: Tables, districtId: string) => RosterStore

let AppRosterStore: StoreClass
let server: MockOneRosterServer
const roster = generateDistrict({ seed: 31, students: 80 })
// The server reads this object on every request: replacing its collections changes the district live.
const served: Roster = { ...roster }
const teacher = roster.users.find((u) => u.roles.some((r) => r.role === 'teacher') && u.email) as User
const schools = roster.orgs.filter((o) => o.type === 'school')

beforeAll(async () => {
  const declared = await runSnippet(docSnippet('docs/roster-store.md', 'class AppRosterStore'), { rosterkit }, {})
  AppRosterStore = declared.AppRosterStore as StoreClass
  server = await startMockOneRosterServer({
    version: '1.2',
    roster: served,
    auth: { type: 'bearer', token: 'doc-token' },
  })
})
afterAll(async () => {
  await server.close()
})

function rows(tables: Tables, entity: MergeEntity, districtId: string): Row[] {
  return [...(tables.get(entity)?.values() ?? [])].filter((r) => r.districtId === districtId)
}

function handMade(tables: Tables, entity: MergeEntity, districtId: string, record: Row['record']): string {
  const table = tables.get(entity) ?? new Map<string, Row>()
  tables.set(entity, table)
  const id = `hand-${entity}-${table.size + 1}-${districtId}`
  table.set(id, { id, districtId, record })
  return id
}

describe('the RosterStore adapter of docs/roster-store.md', () => {
  it('takes a sync from a OneRoster server: links hand-made records, stays in its district, is idempotent, archives and restores', async () => {
    const tables: Tables = new Map()
    // The app already has the district's schools and one teacher, typed in by hand…
    for (const school of schools)
      handMade(tables, 'orgs', 'district-a', { ...school, sourcedId: `app-${school.sourcedId}` } as Org)
    const teacherId = handMade(tables, 'users', 'district-a', { ...teacher, sourcedId: 'app-teacher-1' })
    // …and another district has a user with the same email, which must never be touched.
    const otherId = handMade(tables, 'users', 'district-b', { ...teacher, sourcedId: 'app-other-1' })

    const store = new AppRosterStore(tables, 'district-a')
    const sync = rosterkit.createRosterSync({
      source: createOneRosterClient({
        baseUrl: server.baseUrl,
        version: '1.2',
        auth: { type: 'bearer', token: 'doc-token' },
        allowInsecureLoopback: true,
      }),
      store,
      sourceId: 'oneroster:district-a',
      policy: { roles: { student: { archive: true } } },
    })

    const first = await sync.preview({ full: true })
    expect(first.blocked).toBe(false)
    expect(first.plan.schools.unmatched).toEqual([])
    expect((await sync.approve(first)).outcome).toBe('applied')

    const students = roster.users.filter((u) => u.roles.some((r) => r.role === 'student'))
    const studentRows = rows(tables, 'users', 'district-a').filter((r) =>
      students.some((s) => s.sourcedId === r.record.sourcedId),
    )
    expect(studentRows).toHaveLength(students.length)
    expect(rows(tables, 'classes', 'district-a')).toHaveLength(roster.classes.length)
    expect(rows(tables, 'enrollments', 'district-a')).toHaveLength(roster.enrollments.length)
    // The hand-made teacher was linked, not duplicated, and is not the source's to archive.
    const sameEmail = rows(tables, 'users', 'district-a').filter((r) => r.record.email === teacher.email)
    expect(sameEmail.map((r) => r.id)).toEqual([teacherId])
    expect(sameEmail[0]?.link).toEqual({ namespace: 'oneroster:district-a', createdBySource: false })
    // The other district's row is as it was.
    expect(tables.get('users')?.get(otherId)?.link).toBeUndefined()
    expect(rows(tables, 'users', 'district-b')).toHaveLength(1)

    // Planning again after applying finds nothing to do.
    const again = await sync.preview({ full: true })
    expect(again.plan.summary.total).toMatchObject({ create: 0, update: 0, archive: 0, conflict: 0 })

    // A create sent twice (an apply resumed after a crash) makes no second record.
    const student = students[0] as User
    const before = rows(tables, 'users', 'district-a').length
    await store.create('users', [{ key: student.sourcedId, record: student }], {
      namespace: 'oneroster:district-a',
      appliedAt: new Date().toISOString(),
    })
    expect(rows(tables, 'users', 'district-a')).toHaveLength(before)

    // A student leaves: archived. Comes back: the same record is restored, not created again.
    const evolved = evolveDistrict(roster, { withdrawals: 1, deletions: 'absent' })
    const leaver = evolved.changes.withdrawals[0] as string
    Object.assign(served, evolved.roster)
    const leaving = await sync.preview({ full: true })
    expect((await sync.approve(leaving)).outcome).toBe('applied')
    const leaverRow = () => rows(tables, 'users', 'district-a').filter((r) => r.record.sourcedId === leaver)
    expect(leaverRow()).toHaveLength(1)
    expect(leaverRow()[0]?.archived).toBe(true)

    Object.assign(served, roster)
    const back = await sync.preview({ full: true })
    expect((await sync.approve(back)).outcome).toBe('applied')
    expect(leaverRow()).toHaveLength(1)
    expect(leaverRow()[0]?.archived).toBe(false)
  })
})
