import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ROSTER_COLLECTIONS, type Roster, type User } from '../../src/model/index.js'
import { readOneRosterCsv, writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { createOneRosterClient } from '../../src/providers/oneroster/index.js'
import { generateDistrict, startMockOneRosterServer } from '../../src/testing/index.js'

/**
 * One OneRoster value table for CSV and REST: the same district served over REST 1.1 and 1.2 and
 * written as CSV 1.1 and 1.2 reads into the same canonical roster (provenance aside), also when the
 * values are spelled the dirty ways real exports spell them (grade `9`, `TRUE`, `Active`, `deleted`,
 * `Student`, a date-time where a date is due, a date-time without a zone).
 */

type Version = '1.1' | '1.2'

/** The departures one run applies, each to the same values in CSV cells and JSON fields. */
interface Dirt {
  gradeUnpadded: boolean
  booleanCase: 'TRUE' | 'True' | 'yes' | 'no-change'
  statusCase: boolean
  legacyStatus: 'deleted' | 'inactive' | 'no-change'
  roleCase: boolean
  dateTimeForDate: boolean
  dateTimeWithoutZone: boolean
}

const CLEAN: Dirt = {
  gradeUnpadded: false,
  booleanCase: 'no-change',
  statusCase: false,
  legacyStatus: 'no-change',
  roleCase: false,
  dateTimeForDate: false,
  dateTimeWithoutZone: false,
}

const dirtArbitrary: fc.Arbitrary<Dirt> = fc.record({
  gradeUnpadded: fc.boolean(),
  booleanCase: fc.constantFrom('TRUE', 'True', 'yes', 'no-change'),
  statusCase: fc.boolean(),
  legacyStatus: fc.constantFrom('deleted', 'inactive', 'no-change'),
  roleCase: fc.boolean(),
  dateTimeForDate: fc.boolean(),
  dateTimeWithoutZone: fc.boolean(),
})

const DATE_FIELDS = new Set(['startDate', 'endDate', 'beginDate', 'birthDate'])
const BOOLEAN_FIELDS = new Set([
  'enabledUser',
  'primary',
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
  'hispanicOrLatinoEthnicity',
])

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** One value in its dirty spelling; `field` is the JSON key or CSV column. */
function dirty(field: string, value: string, d: Dirt): string {
  if (field === 'status') {
    if (value === 'tobedeleted' && d.legacyStatus !== 'no-change') return d.legacyStatus
    return d.statusCase ? value.toUpperCase() : value
  }
  if (BOOLEAN_FIELDS.has(field) && (value === 'true' || value === 'false')) {
    if (d.booleanCase === 'no-change') return value
    if (d.booleanCase === 'yes') return value === 'true' ? 'yes' : 'no'
    return d.booleanCase === 'TRUE' ? value.toUpperCase() : capitalise(value)
  }
  if (field === 'role' && d.roleCase) return capitalise(value)
  if (DATE_FIELDS.has(field) && d.dateTimeForDate && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`
  if (field === 'dateLastModified' && d.dateTimeWithoutZone) {
    // The zone-less form is read as UTC, so a value in UTC keeps its instant.
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(value)
    if (m) return `${m[1]}${m[2] ?? ''}`
  }
  return value
}

function dirtyGrades(value: string, d: Dirt): string {
  return d.gradeUnpadded && /^0[1-9]$/.test(value) ? value.slice(1) : value
}

/** Applies the dirt to a wire JSON value in place. */
function dirtyJson(node: unknown, d: Dirt): void {
  if (Array.isArray(node)) {
    for (const item of node) dirtyJson(item, d)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const rec = node as Record<string, unknown>
  for (const [key, value] of Object.entries(rec)) {
    if (key === 'metadata') continue
    if (typeof value === 'string') rec[key] = dirty(key, value, d)
    else if (typeof value === 'boolean' && BOOLEAN_FIELDS.has(key)) {
      const text = dirty(key, String(value), d)
      if (text !== String(value)) rec[key] = text
    } else if (key === 'grades' && Array.isArray(value)) {
      rec[key] = value.map((g) => (typeof g === 'string' ? dirtyGrades(g, d) : g))
    } else dirtyJson(value, d)
  }
}

/** Parses one line of a CSV file written by writeOneRosterCsv (quotes doubled inside quoted cells). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      cells.push(cell)
      cell = ''
    } else cell += c
  }
  cells.push(cell)
  return cells
}

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

/** Applies the dirt to the cells of every rostering file of a bundle. */
function dirtyCsv(files: Record<string, string>, d: Dirt): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, text] of Object.entries(files)) {
    if (name === 'manifest.csv' || !name.endsWith('.csv')) {
      out[name] = text
      continue
    }
    const lines = text.split(/\r?\n/)
    const header = splitCsvLine(lines[0] ?? '')
    out[name] = lines
      .map((line, i) => {
        if (i === 0 || line === '') return line
        const cells = splitCsvLine(line).map((cell, c) => {
          const column = header[c] ?? ''
          if (column.startsWith('metadata.') || cell === '') return cell
          if (column === 'grades') {
            return cell
              .split(',')
              .map((g) => dirtyGrades(g, d))
              .join(',')
          }
          return dirty(column, cell, d)
        })
        return cells.map(quote).join(',')
      })
      .join('\r\n')
  }
  return out
}

/** The canonical collections without provenance, each sorted by sourcedId and with sorted keys. */
function comparable(roster: Roster): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const c of ROSTER_COLLECTIONS) {
    out[c] = (roster[c] as unknown as Record<string, unknown>[])
      .map(({ provenance: _p, ...rest }) => rest)
      .sort((a, b) => (String(a.sourcedId) < String(b.sourcedId) ? -1 : 1))
  }
  return out
}

async function viaRest(roster: Roster, version: Version, d: Dirt): Promise<Roster> {
  const server = await startMockOneRosterServer({ version, auth: { type: 'bearer', token: 't' }, roster })
  try {
    const client = createOneRosterClient({
      baseUrl: server.url,
      version,
      auth: { type: 'bearer', token: 't' },
      allowInsecureLoopback: true,
      sleep: async () => {},
      // A rewriting proxy in front of the server: the same values, spelled dirty.
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!response.ok) return response
        const body: unknown = await response.json()
        dirtyJson(body, d)
        const headers = new Headers(response.headers)
        headers.delete('content-length')
        return new Response(JSON.stringify(body), { status: response.status, headers })
      },
    })
    return await client.pull()
  } finally {
    await server.close()
  }
}

async function viaCsv(roster: Roster, version: Version, d: Dirt): Promise<Roster> {
  const { files } = writeOneRosterCsv(roster, { version })
  return (await readOneRosterCsv(dirtyCsv(files, d))).roster
}

const V1P1_ROLE: Readonly<Record<string, string>> = {
  districtAdministrator: 'administrator',
  siteAdministrator: 'administrator',
  systemAdministrator: 'administrator',
  principal: 'administrator',
  counselor: 'aide',
}

/**
 * The district as a OneRoster 1.1 source can hold it: one 1.1 role per user at each of its orgs, the
 * first primary, and none of the fields only 1.2 has. Served or written in either version, this
 * district has one canonical reading.
 */
function asV1p1District(roster: Roster): Roster {
  const users = roster.users.map((u): User => {
    const primary = u.roles.find((r) => r.orgSourcedId === u.primaryOrgSourcedId) ?? u.roles[0]
    const role = primary === undefined ? 'student' : (V1P1_ROLE[primary.role] ?? primary.role)
    const orgs = [...new Set(u.roles.filter((r) => r.roleType === 'primary').map((r) => r.orgSourcedId))]
    for (const r of u.roles) if (!orgs.includes(r.orgSourcedId)) orgs.push(r.orgSourcedId)
    const {
      preferredFirstName: _a,
      preferredMiddleName: _b,
      preferredLastName: _c,
      pronouns: _d,
      userMasterIdentifier: _e,
      ...rest
    } = u
    const out: User = {
      ...rest,
      // A 1.1 user has one role at each org, so it is the primary role there.
      roles: orgs.map((orgSourcedId) => ({
        roleType: 'primary',
        role: role as User['roles'][number]['role'],
        orgSourcedId,
      })),
    }
    if (orgs[0] === undefined) delete out.primaryOrgSourcedId
    else out.primaryOrgSourcedId = orgs[0]
    return out
  })
  const academicSessions = roster.academicSessions.map(({ orgSourcedId: _o, ...s }) => s)
  const demographics = roster.demographics.map((d) =>
    d.sex === 'male' || d.sex === 'female' || d.sex === undefined ? d : (({ sex: _s, ...rest }) => rest)(d),
  )
  return { ...roster, users, academicSessions, demographics }
}

function district(seed: number): Roster {
  return generateDistrict({ seed, students: 25, schools: { elementary: 1, middle: 0, high: 1 }, classSize: 12 })
}

describe('CSV and REST read the same data into the same canonical roster', () => {
  it.each(['1.1', '1.2'] as const)('OneRoster %s: REST and CSV agree on a generated district', async (version) => {
    // A 1.1 source holds less than the generated district; both 1.1 writers drop the rest alike.
    const roster = version === '1.1' ? asV1p1District(district(5)) : district(5)
    const rest = comparable(await viaRest(roster, version, CLEAN))
    const csv = comparable(await viaCsv(roster, version, CLEAN))
    expect(csv).toEqual(rest)
  })

  it('REST 1.1, REST 1.2, CSV 1.1 and CSV 1.2 agree, clean or dirty (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), dirtArbitrary, async (seed, d) => {
        const roster = asV1p1District(district(seed))
        const expected = comparable(await viaRest(roster, '1.2', CLEAN))
        for (const version of ['1.1', '1.2'] as const) {
          expect(comparable(await viaRest(roster, version, d)), `REST ${version} ${JSON.stringify(d)}`).toEqual(
            expected,
          )
          expect(comparable(await viaCsv(roster, version, d)), `CSV ${version} ${JSON.stringify(d)}`).toEqual(expected)
        }
      }),
      { numRuns: 8 },
    )
  }, 120_000)

  it('grade 9 reads as 09, TRUE as true and deleted as tobedeleted in both readers', async () => {
    const roster = asV1p1District(district(9))
    const d: Dirt = { ...CLEAN, gradeUnpadded: true, booleanCase: 'TRUE', legacyStatus: 'deleted' }
    const target = roster.users.find((u) => u.grades.includes('09')) ?? roster.users[0]!
    roster.users = roster.users.map((u) => (u === target ? { ...u, status: 'tobedeleted', enabledUser: false } : u))
    for (const version of ['1.1', '1.2'] as const) {
      for (const read of [await viaRest(roster, version, d), await viaCsv(roster, version, d)]) {
        const user = read.users.find((u) => u.sourcedId === target.sourcedId)
        expect(user?.status).toBe('tobedeleted')
        expect(user?.enabledUser).toBe(false)
        expect(user?.grades).toEqual(target.grades)
      }
    }
  })
})
