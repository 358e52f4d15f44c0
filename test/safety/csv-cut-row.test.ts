import { describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type User } from '../../src/index.js'
import { createCsvSource, writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'

const POLICY: MergePolicyInput = {
  namespace: 'csv:district',
  schools: { unmatched: 'create' },
  archiveThreshold: 1,
  roles: {
    student: { existing: 'autoUpdate', archive: true },
    teacher: { existing: 'autoUpdate', archive: true },
    contact: { existing: 'autoUpdate', archive: true },
  },
  entities: { enrollments: { existing: 'autoUpdate', archive: true }, classes: { archive: true } },
}

/** Cuts the last row of a file in the middle of its `username` cell, as a partial upload does. */
function cutLastRowInUsername(csv: string): { text: string; sourcedId: string; line: number } {
  const lines = csv.replace(/\r\n$/, '').split('\r\n')
  const header = lines[0]!.split(',')
  const last = lines[lines.length - 1]!
  const cells = last.split(',')
  const at = header.indexOf('username')
  const before = cells.slice(0, at).join(',').length + 1
  const cut = last.slice(0, before + Math.max(1, Math.floor(cells[at]!.length / 2)))
  return { text: [...lines.slice(0, -1), cut].join('\r\n'), sourcedId: cells[0]!, line: lines.length }
}

function hostUser(store: MemoryRosterStore, sourcedId: string): User | undefined {
  return store.records('users').find((r) => r.record.sourcedId === sourcedId)?.record as User | undefined
}

describe('a users.csv cut mid-row (a partial upload) changes nothing in the host', () => {
  for (const version of ['1.1', '1.2'] as const) {
    it(`leaves the cut user as it was and archives nothing (OneRoster ${version})`, async () => {
      const district = generateDistrict({ students: 40, seed: 7 })
      // A student's row last, so the cut lands on the record the issue is about.
      const student = district.users.findIndex((u) => u.roles.some((r) => r.role === 'student'))
      district.users.push(...district.users.splice(student, 1))
      const { files } = writeOneRosterCsv(district, { version })
      const store = new MemoryRosterStore()
      const first = await createRosterSync({ source: createCsvSource(files), store, policy: POLICY }).run({
        full: true,
      })
      expect(first.outcome).toBe('applied')

      const { text, sourcedId, line } = cutLastRowInUsername(files['users.csv']!)
      const before = structuredClone(hostUser(store, sourcedId))
      expect(before?.givenName).not.toBe('')
      const archivedBefore = store.records('users').filter((r) => r.archived).length
      const cut = { ...files, 'users.csv': text }

      const source = createCsvSource(cut)
      const roster = await source.pull()
      expect(roster.users.find((u) => u.sourcedId === sourcedId)).toBeUndefined()
      expect(roster.completeness.users).toMatchObject({ complete: false })
      expect(roster.completeness.users?.reason).toMatch(/users\.csv/)
      expect(roster.complete).toBe(false)
      expect(roster.sourceIssues?.samples).toContainEqual(
        expect.objectContaining({
          code: 'file_truncated',
          severity: 'error',
          collection: 'users',
          sourcedId,
          location: `users.csv:${line}`,
          action: 'skipped',
        }),
      )

      const second = await createRosterSync({ source: createCsvSource(cut), store, policy: POLICY }).run({
        full: true,
      })
      expect(second.preview?.plan.summary.byEntity.users.archive ?? 0).toBe(0)
      expect(hostUser(store, sourcedId)).toEqual(before)
      expect(store.records('users').filter((r) => r.archived)).toHaveLength(archivedBefore)
      expect(second.preview?.complete).toBe(false)
    })
  }
})

describe('a roles.csv cut mid-row leaves its user out instead of stripping the lost role', () => {
  it('keeps every role of a user whose roles.csv row was cut (OneRoster 1.2)', async () => {
    const district = generateDistrict({ students: 40, seed: 11 })
    const { files } = writeOneRosterCsv(district, { version: '1.2' })
    const store = new MemoryRosterStore()
    const first = await createRosterSync({ source: createCsvSource(files), store, policy: POLICY }).run({ full: true })
    expect(first.outcome).toBe('applied')

    // Cut the last roles.csv row just after its userSourcedId: the row says whose role it was, no more.
    const lines = files['roles.csv']!.replace(/\r\n$/, '').split('\r\n')
    const header = lines[0]!.split(',')
    const cells = lines[lines.length - 1]!.split(',')
    const owner = cells[header.indexOf('userSourcedId')]!
    const cutRow = cells.slice(0, header.indexOf('userSourcedId') + 1).join(',')
    const cut = { ...files, 'roles.csv': [...lines.slice(0, -1), cutRow].join('\r\n') }
    const before = structuredClone(hostUser(store, owner))
    expect(before?.roles.length).toBeGreaterThan(0)

    const roster = await createCsvSource(cut).pull()
    expect(roster.users.find((u) => u.sourcedId === owner)).toBeUndefined()
    expect(roster.completeness.users?.complete).toBe(false)
    expect(roster.sourceIssues?.samples).toContainEqual(
      expect.objectContaining({ code: 'user_read_in_part', sourcedId: owner, action: 'skipped' }),
    )

    const second = await createRosterSync({ source: createCsvSource(cut), store, policy: POLICY }).run({ full: true })
    expect(second.preview?.plan.summary.byEntity.users.archive ?? 0).toBe(0)
    expect(hostUser(store, owner)).toEqual(before)
  })
})
