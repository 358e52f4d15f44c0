import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isResponseShapeError, isRosterkitError } from '../../src/errors.js'
import {
  AcademicSessionSchema,
  ClassSchema,
  CourseSchema,
  DemographicsSchema,
  EnrollmentSchema,
  OrgSchema,
  type Roster,
  type RosterCollection,
  UserSchema,
} from '../../src/model/index.js'
import {
  createOneRosterClient,
  FIELD_SPECS,
  readWireRecord,
  toCanonicalAcademicSession,
  toCanonicalClass,
  toCanonicalCourse,
  toCanonicalDemographics,
  toCanonicalEnrollment,
  toCanonicalOrg,
  toCanonicalUser,
  type WireWarning,
} from '../../src/providers/oneroster/index.js'
import { generateDistrict, type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import {
  toWireAcademicSession,
  toWireClass,
  toWireCourse,
  toWireDemographics,
  toWireEnrollment,
  toWireOrg,
  toWireUser,
  type WireWriteOptions,
} from '../../src/testing/oneroster-server/to-wire.js'

/**
 * A malformed field in any record of any collection gives a warning and leaves that record out
 * (tolerant) or a typed error (strict), never a bare TypeError, and every record that does reach
 * the roster is a valid canonical record.
 */

type Version = '1.1' | '1.2'
type Kind = keyof (typeof FIELD_SPECS)['1.1']

const roster = generateDistrict({
  seed: 11,
  students: 30,
  schools: { elementary: 1, middle: 0, high: 1 },
  classSize: 15,
})

const KINDS: ReadonlyArray<{
  kind: Kind
  collection: RosterCollection
  wire: (record: never, o: WireWriteOptions) => Record<string, unknown>
  map: (wire: never, ctx: { version: Version }) => unknown
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }
}> = [
  { kind: 'org', collection: 'orgs', wire: toWireOrg, map: toCanonicalOrg, schema: OrgSchema },
  {
    kind: 'academicSession',
    collection: 'academicSessions',
    wire: toWireAcademicSession,
    map: toCanonicalAcademicSession,
    schema: AcademicSessionSchema,
  },
  { kind: 'course', collection: 'courses', wire: toWireCourse, map: toCanonicalCourse, schema: CourseSchema },
  { kind: 'class', collection: 'classes', wire: toWireClass, map: toCanonicalClass, schema: ClassSchema },
  { kind: 'user', collection: 'users', wire: toWireUser, map: toCanonicalUser, schema: UserSchema },
  {
    kind: 'enrollment',
    collection: 'enrollments',
    wire: toWireEnrollment,
    map: toCanonicalEnrollment,
    schema: EnrollmentSchema,
  },
  {
    kind: 'demographics',
    collection: 'demographics',
    wire: toWireDemographics,
    map: toCanonicalDemographics,
    schema: DemographicsSchema,
  },
]

const HUGE = 'x'.repeat(200_000)
const MUTATIONS: ReadonlyArray<readonly [string, (value: unknown) => unknown]> = [
  ['delete', () => DELETE],
  ['null', () => null],
  ['number', () => 42],
  ['object', () => ({ nested: { deeper: true } })],
  ['array', () => [{ a: 1 }, 'b']],
  ['huge string', () => HUGE],
  ['empty string', () => ''],
  ['boolean', () => true],
]
const DELETE = Symbol('delete')

/** Field paths of a wire record: every top-level field, and the fields of its first nested entries. */
function fieldPaths(wire: Record<string, unknown>): string[][] {
  const out: string[][] = []
  for (const [key, value] of Object.entries(wire)) {
    out.push([key])
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === 'object' && first !== null) {
      const prefix = Array.isArray(value) ? [key, '0'] : [key]
      if (Array.isArray(value)) out.push(prefix)
      for (const inner of Object.keys(first)) out.push([...prefix, inner])
    }
  }
  return out
}

function mutate(wire: Record<string, unknown>, path: readonly string[], to: unknown): Record<string, unknown> {
  const copy = structuredClone(wire)
  let at: Record<string, unknown> = copy
  for (const step of path.slice(0, -1)) at = at[step] as Record<string, unknown>
  const last = path.at(-1) as string
  if (to === DELETE) {
    if (Array.isArray(at)) at.splice(Number(last), 1)
    else delete at[last]
  } else at[last] = to
  return copy
}

function sample(collection: RosterCollection): unknown {
  const records = roster[collection] as unknown[]
  if (collection === 'users')
    return roster.users.find((u) => u.roles.length > 1 && u.agentSourcedIds.length > 0) ?? records[0]
  return records[0]
}

function writeOptions(version: Version): WireWriteOptions {
  return { version, baseUrl: 'https://sis.example/ims/oneroster', booleansAsStrings: version === '1.2' }
}

describe('every malformed field of every collection (wire reader and mapper)', () => {
  for (const version of ['1.1', '1.2'] as const) {
    for (const k of KINDS) {
      it(`OneRoster ${version} ${k.kind}: kept as a valid record, or left out with a warning — never a throw`, () => {
        const clean = k.wire(sample(k.collection) as never, writeOptions(version))
        let cases = 0
        let leftOut = 0
        for (const path of fieldPaths(clean)) {
          for (const [name, to] of MUTATIONS) {
            const wire = mutate(clean, path, to(undefined))
            const warnings: WireWarning[] = []
            const ctx = { version, warn: (w: WireWarning) => warnings.push(w), baseUrl: 'https://sis.example/x' }
            const label = `${path.join('.')} ← ${name}`
            let mapped: unknown
            expect(() => {
              const read = readWireRecord(wire, FIELD_SPECS[version][k.kind], ctx)
              mapped = read === undefined ? undefined : k.map(read as never, { version })
            }, label).not.toThrow()
            cases++
            if (mapped === undefined) {
              leftOut++
              expect(
                warnings.some((w) => w.code === 'record-skipped'),
                label,
              ).toBe(true)
              continue
            }
            // Nothing over its limit reaches the roster: a 200,000-character value is cut or left out.
            expect(JSON.stringify(mapped).length, label).toBeLessThan(50_000)
            const parsed = k.schema.safeParse(mapped)
            expect(parsed.success, `${label}: ${JSON.stringify(parsed.error)}`).toBe(true)
            expect(
              warnings.some((w) => w.code === 'record-skipped'),
              label,
            ).toBe(false)
          }
        }
        expect(cases).toBeGreaterThan(20)
        expect(leftOut).toBeGreaterThan(0)
      })
    }
  }

  it('a 1.1 user or enrollment whose role is missing or not a string is left out, not a TypeError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('user', 'enrollment' as const),
        fc.oneof(fc.constant(DELETE), fc.constant(null), fc.integer(), fc.object(), fc.array(fc.anything())),
        (kind, bad) => {
          const entry = KINDS.find((x) => x.kind === kind)!
          const wire = mutate(entry.wire(sample(entry.collection) as never, writeOptions('1.1')), ['role'], bad)
          const warnings: WireWarning[] = []
          const read = readWireRecord(wire, FIELD_SPECS['1.1'][kind], { version: '1.1', warn: (w) => warnings.push(w) })
          expect(read).toBeUndefined()
          expect(warnings.map((w) => w.code)).toContain('record-skipped')
        },
      ),
      { numRuns: 60 },
    )
  })
})

/** Rewrites the first record of every collection page through `rewrite`, as a broken server or proxy would. */
function rewritingFetch(listKey: string, rewrite: (record: Record<string, unknown>) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!url.pathname.endsWith(`/${listKey}`) || !response.ok) return response
    const body = (await response.json()) as Record<string, unknown>
    const items = body[listKey]
    if (Array.isArray(items) && items[0] !== undefined) rewrite(items[0] as Record<string, unknown>)
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(JSON.stringify(body), { status: response.status, headers })
  }
}

describe('a malformed record through a real pull', () => {
  const servers: Partial<Record<Version, MockOneRosterServer>> = {}
  beforeAll(async () => {
    for (const version of ['1.1', '1.2'] as const) {
      servers[version] = await startMockOneRosterServer({ version, auth: { type: 'bearer', token: 't' }, roster })
    }
  })
  afterAll(async () => {
    for (const s of Object.values(servers)) await s?.close()
  })

  function client(version: Version, listKey: string, rewrite: (r: Record<string, unknown>) => void, strict = false) {
    return createOneRosterClient({
      baseUrl: (servers[version] as MockOneRosterServer).url,
      version,
      auth: { type: 'bearer', token: 't' },
      allowInsecureLoopback: true,
      sleep: async () => {},
      strict,
      fetch: rewritingFetch(listKey, rewrite),
    })
  }

  const CASES: ReadonlyArray<readonly [Version, RosterCollection, string, (r: Record<string, unknown>) => void]> = [
    ['1.1', 'users', 'users', (r) => delete r.role],
    ['1.1', 'users', 'users', (r) => (r.role = { name: 'student' })],
    ['1.1', 'enrollments', 'enrollments', (r) => (r.role = 7)],
    ['1.2', 'users', 'users', (r) => ((r.roles as Record<string, unknown>[])[0]!.role = null)],
    ['1.2', 'users', 'users', (r) => ((r.roles as Record<string, unknown>[])[0]!.role = ['teacher'])],
    ['1.2', 'enrollments', 'enrollments', (r) => delete r.role],
    ['1.2', 'classes', 'classes', (r) => (r.title = { en: 'Maths' })],
    ['1.1', 'orgs', 'orgs', (r) => (r.name = ['x'])],
    ['1.2', 'academicSessions', 'academicSessions', (r) => (r.startDate = 20240820)],
    ['1.1', 'courses', 'courses', (r) => (r.sourcedId = { id: 1 })],
  ]

  it.each(CASES)(
    'OneRoster %s %s: tolerant pull leaves the record out and marks the collection incomplete',
    async (version, collection, listKey, rewrite) => {
      const pulled: Roster = await client(version, listKey, rewrite).pull({ collections: [collection] })
      const expected = (roster[collection] as unknown[]).length
      expect(pulled[collection]).toHaveLength(expected - 1)
      expect(pulled.completeness[collection]?.complete).toBe(false)
      expect(pulled.completeness[collection]?.reason).toMatch(/malformed record/)
      expect(pulled.complete).toBe(false)
      const warnings = pulled.metadata?.warnings as { counts: Record<string, number> }
      expect(warnings.counts['record-skipped']).toBe(1)
    },
  )

  it.each(CASES)(
    'OneRoster %s %s: strict pull fails with a typed error',
    async (version, collection, listKey, rewrite) => {
      const err = await client(version, listKey, rewrite, true)
        .pull({ collections: [collection] })
        .then(
          () => undefined,
          (e: unknown) => e,
        )
      expect(isRosterkitError(err)).toBe(true)
      expect(isResponseShapeError(err)).toBe(true)
    },
  )
})
