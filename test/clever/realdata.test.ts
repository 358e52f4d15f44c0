import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRoster, isCedsGrade, parseRoster } from '../../src/model/index.js'
import { cleverToCanonical } from '../../src/providers/clever/map-roster.js'
import {
  CleverDistrictSchema,
  CleverDistrictTokensResponseSchema,
  CleverSectionSchema,
  CleverUserSchema,
  cleverListSchema,
} from '../../src/providers/clever/wire-schemas.js'

const dir = fileURLToPath(new URL('../../../shared/realdata/clever-go-v3-mocks/', import.meta.url))
const present = existsSync(dir)
// The describe body runs while tests are collected, even when skipped: without the folder, read an
// empty list so collection succeeds and the block is reported as skipped.
const read = (name: string): unknown => (present ? JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) : { data: [] })

describe.skipIf(!present)('Clever demo district payloads', () => {
  const users = cleverListSchema(CleverUserSchema)
    .parse(read('users.json'))
    .data.map((d) => d.data)
  const sections = cleverListSchema(CleverSectionSchema)
    .parse(read('sections.json'))
    .data.map((d) => d.data)
  const districts = cleverListSchema(CleverDistrictSchema)
    .parse(read('districts.json'))
    .data.map((d) => d.data)
  const mapped = cleverToCanonical({ districts, sections, users }, { version: '3.0' })
  const byId = new Map(mapped.users.map((u) => [u.sourcedId, u]))

  it('maps every user once with the role Clever gave it', () => {
    expect(mapped.users).toHaveLength(users.length)
    const count = (role: string) => mapped.users.filter((u) => u.roles.some((r) => r.role === role)).length
    expect(count('student')).toBe(1004)
    expect(count('teacher')).toBe(89)
    expect(count('districtAdministrator')).toBe(3)
    expect(count('guardian') + count('parent') + count('relative')).toBe(1002)
  })

  it('maps every section to a class and every membership to an enrollment that resolves', () => {
    expect(mapped.classes).toHaveLength(sections.length)
    const expected = sections.reduce(
      (n, s) =>
        n + new Set([...(s.teacher ? [s.teacher] : []), ...(s.teachers ?? [])]).size + (s.students ?? []).length,
      0,
    )
    expect(mapped.enrollments).toHaveLength(expected)
    expect(mapped.enrollments.filter((e) => !byId.has(e.userSourcedId))).toEqual([])
    const primaries = mapped.enrollments.filter((e) => e.primary === true)
    expect(primaries).toHaveLength(sections.filter((s) => s.teacher).length)
  })

  it('links contacts and students both ways', () => {
    const contacts = mapped.users.filter((u) => u.roles.some((r) => r.role === 'guardian'))
    expect(contacts.length).toBeGreaterThan(0)
    expect(contacts.filter((c) => c.agentSourcedIds.length === 0)).toEqual([])
    const oneWay = contacts.flatMap((c) =>
      c.agentSourcedIds
        .filter((s) => !byId.get(s)?.agentSourcedIds.includes(c.sourcedId))
        .map((s) => `${c.sourcedId}→${s}`),
    )
    expect(oneWay).toEqual([])
  })

  it('normalises grades to CEDS, birth dates to ISO and keeps contacts named', () => {
    for (const u of mapped.users) for (const g of u.grades) expect(isCedsGrade(g)).toBe(true)
    for (const c of mapped.classes) for (const g of c.grades) expect(isCedsGrade(g)).toBe(true)
    const kindergartner = users.find((u) => u.roles.student?.grade === 'Kindergarten')!
    expect(byId.get(kindergartner.id)?.grades).toEqual(['KG'])
    const dobs = mapped.demographics.filter((d) => d.birthDate !== undefined)
    expect(dobs).toHaveLength(1003)
    const steve = mapped.demographics.find((d) => d.sourcedId === '5a25ffb0c1bc2a00360003ed')
    expect(steve?.birthDate).toBe('2007-02-11')
    expect(steve?.sex).toBe('male')
    expect(steve?.blackOrAfricanAmerican).toBe(true)
    const aaron = byId.get('603ebb2bb452fb006c7639cd')
    expect([aaron?.givenName, aaron?.familyName]).toEqual(['Aaron', 'Berge'])
    expect(aaron?.phone).toBeUndefined()
  })

  it('keeps fields the model has no place for in metadata', () => {
    const teacher = byId.get('603ebb2ab452fb006c76396d')
    expect(teacher?.metadata?.teacher).toMatchObject({ title: 'Grade 9 English Teacher' })
    expect(teacher?.identifier).toBe('230186')
    expect(teacher?.userIds).toEqual([{ type: 'SIS', identifier: '47' }])
  })

  it('yields a roster that satisfies the canonical schema', () => {
    const roster = createRoster({ source: { kind: 'clever', version: '3.0' }, ...mapped })
    expect(() => parseRoster(roster)).not.toThrow()
  })

  it('reads the district tokens listing', () => {
    const tokens = CleverDistrictTokensResponseSchema.parse(read('tokens.json'))
    expect(tokens.data[0]?.owner.type).toBe('district')
  })
})
