import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  and,
  FIELD_SPECS,
  ONEROSTER_WIRE_SCHEMAS,
  or,
  readWireRecord,
  toCanonicalUser,
  type WireWarning,
  where,
} from '../../src/providers/oneroster/index.js'
import { toWireUser } from '../../src/testing/oneroster-server/to-wire.js'
import { smallDistrict } from './helpers.js'

function read(version: '1.1' | '1.2', kind: keyof (typeof FIELD_SPECS)['1.1'], raw: unknown) {
  const warnings: WireWarning[] = []
  const record = readWireRecord(raw, FIELD_SPECS[version][kind], {
    version,
    warn: (w) => warnings.push(w),
    baseUrl: 'https://sis.example/ims/oneroster/v1p1',
  })
  return { record, warnings, codes: warnings.map((w) => w.code) }
}

describe('tolerant wire reader', () => {
  it.each(['hhttp://sis.example/orgs/o1', 'ftp://sis.example/orgs/o1', 'javascript://x'])(
    'drops an href whose scheme is not http or https (%s), with a warning',
    (href) => {
      const { record, warnings } = read('1.1', 'class', {
        sourcedId: 'c1',
        status: 'active',
        dateLastModified: '2024-01-02T00:00:00.000Z',
        title: 'Math',
        classType: 'scheduled',
        course: { sourcedId: 'co1', href, type: 'course' },
        school: { sourcedId: 'o1', href: 'https://sis.example/orgs/o1', type: 'org' },
        terms: [{ sourcedId: 't1', href: 'https://sis.example/terms/t1', type: 'academicSession' }],
      })
      expect(warnings).toContainEqual(expect.objectContaining({ code: 'href-scheme', path: 'course.href' }))
      expect((record as { course?: { href?: string; sourcedId?: string } } | undefined)?.course).toEqual(
        expect.objectContaining({ sourcedId: 'co1' }),
      )
      expect(JSON.stringify(record)).not.toContain(href)
    },
  )

  it.each(['1.1', '1.2'] as const)(
    'reads spec-conformant %s users without a warning, and the spec schema agrees',
    (version) => {
      const roster = smallDistrict()
      for (const user of roster.users.slice(0, 50)) {
        const wire = toWireUser(user, {
          version,
          baseUrl: 'https://sis.example/x',
          booleansAsStrings: version === '1.2',
        })
        expect(ONEROSTER_WIRE_SCHEMAS[version].user.safeParse(wire).success).toBe(true)
        const { record, warnings } = read(version, 'user', structuredClone(wire))
        expect(warnings).toEqual([])
        expect(record).toBeDefined()
      }
    },
  )

  it('normalises departures and reports each as a warning', () => {
    const { record, codes } = read('1.2', 'user', {
      sourcedId: 'u1',
      status: 'inactive',
      dateLastModified: '2024-01-02',
      enabledUser: 1,
      givenName: 'Ana',
      familyName: null,
      roles: [{ roleType: 'primary', role: 'Student', org: { sourcedId: 'o1', href: 'orgs/o1', type: 'org' } }],
      agents: ['u2'],
      favouriteColour: 'green',
    })
    expect(record).toMatchObject({
      status: 'tobedeleted',
      dateLastModified: '2024-01-02T00:00:00.000Z',
      enabledUser: true,
      familyName: '',
      roles: [{ role: 'student', org: { href: 'https://sis.example/ims/oneroster/v1p1/orgs/o1' } }],
      agents: [{ sourcedId: 'u2' }],
      metadata: { favouriteColour: 'green' },
    })
    expect(codes).toEqual(
      expect.arrayContaining([
        'legacy-status',
        'date-format',
        'boolean-as-number',
        'null-value',
        'missing-required',
        'enum-casing',
        'relative-href',
        'bare-reference',
        'unknown-field',
      ]),
    )
  })

  it('lifts a state id out of userIds and leaves the wire list untouched', () => {
    const wireIds = [
      { type: 'district', identifier: 'D1' },
      { type: 'State ID', identifier: 'S1' },
      { type: 'state', identifier: 'S2' },
    ]
    const wire = read('1.2', 'user', {
      sourcedId: 'u1',
      status: 'active',
      enabledUser: true,
      givenName: 'Ana',
      familyName: 'Li',
      userIds: wireIds,
      roles: [
        { roleType: 'secondary', role: 'teacher', org: { sourcedId: 'o2', href: 'x', type: 'org' } },
        { roleType: 'primary', role: 'teacher', org: { sourcedId: 'o1', href: 'x', type: 'org' } },
      ],
    }).record
    const user = toCanonicalUser(wire as never, { version: '1.2' })
    expect(user.stateId).toBe('S1')
    expect(user.userIds).toEqual([
      { type: 'district', identifier: 'D1' },
      { type: 'state', identifier: 'S2' },
    ])
    expect(wireIds).toHaveLength(3)
    expect(user.primaryOrgSourcedId).toBe('o1')
    const plain = toCanonicalUser({ ...(wire as object), userIds: [wireIds[0]] } as never, { version: '1.2' })
    expect(plain.stateId).toBeUndefined()
    expect(plain.userIds).toEqual([{ type: 'district', identifier: 'D1' }])
  })

  it('maps 1.1 role + orgs and 1.2 roles[] into the same canonical roles', () => {
    const v11 = read('1.1', 'user', {
      sourcedId: 'u1',
      status: 'active',
      dateLastModified: '2024-01-02T00:00:00Z',
      username: 'ana',
      enabledUser: 'true',
      givenName: 'Ana',
      familyName: 'Li',
      role: 'teacher',
      orgs: [{ sourcedId: 'o1' }, { sourcedId: 'o2' }],
    }).record
    const user = toCanonicalUser(v11 as never, { version: '1.1' })
    expect(user.roles).toEqual([
      { roleType: 'primary', role: 'teacher', orgSourcedId: 'o1' },
      { roleType: 'primary', role: 'teacher', orgSourcedId: 'o2' },
    ])
    expect(user.primaryOrgSourcedId).toBe('o1')
    // Called without a pull's shared provenance, a mapper gives each record its own, unfrozen one.
    expect(user.provenance).toEqual({ source: 'oneroster-rest', version: '1.1' })
    expect(Object.isFrozen(user.provenance)).toBe(false)
  })

  const realdata = new URL('../../../shared/realdata/jp-da2022-oneroster-v1p2-json/', import.meta.url)
  describe.skipIf(!existsSync(realdata))('real 1.2 payloads (1EdTech Japan DA2022)', () => {
    it.each([
      ['users.json', 'users', 'user'],
      ['classes.json', 'classes', 'class'],
      ['enrollments.json', 'enrollments', 'enrollment'],
      ['orgs.json', 'orgs', 'org'],
    ] as const)('%s parses, departures reported as warnings', (file, key, kind) => {
      const body = JSON.parse(readFileSync(new URL(file, realdata), 'utf8')) as Record<string, unknown[]>
      for (const raw of body[key] ?? []) {
        const { record, codes } = read('1.2', kind, raw)
        expect(record).toBeDefined()
        if (kind === 'user') expect(codes).toEqual(expect.arrayContaining(['boolean-as-json', 'empty-list']))
        if (kind === 'class') expect(codes).toContain('empty-list')
        if (kind === 'enrollment') expect(codes).toContain('boolean-as-json')
      }
    })
  })
})

describe('filter builder', () => {
  it('renders predicates with quoting, escaping and joins', () => {
    expect(where('role').eq('student').toString()).toBe("role='student'")
    expect(where('familyName').eq("O'Brien").toString()).toBe("familyName='O''Brien'")
    expect(and(where('status').eq('active'), where('grades').contains('09')).toString()).toBe(
      "status='active' AND grades~'09'",
    )
    expect(or(where('a').ne(1), where('b').lt(true)).toString()).toBe("a!='1' OR b<'true'")
  })

  it('formats dates per vendor format', () => {
    const d = new Date('2024-08-01T12:34:56.789Z')
    expect(where('dateLastModified').ge(d).toString()).toBe("dateLastModified>='2024-08-01T12:34:56.789Z'")
    expect(where('dateLastModified').gt(d).toString({ dateFormat: 'iso-seconds' })).toBe(
      "dateLastModified>'2024-08-01T12:34:56Z'",
    )
    expect(where('beginDate').le(d).toString({ dateFormat: 'date' })).toBe("beginDate<='2024-08-01'")
  })

  it('refuses mixing AND with OR and bad field names', () => {
    const both = and(where('a').eq('1'), where('b').eq('2'))
    expect(() => or(both, where('c').eq('3'))).toThrow(/mix AND and OR/)
    expect(() => where("role' OR 1=1")).toThrow(/field name/)
  })
})
