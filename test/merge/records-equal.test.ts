import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparedFields, diffRecords, recordsComparer, recordsEqual } from '../../src/merge/diff-records.js'
import type { Enrollment } from '../../src/model/index.js'
import { enrollment } from './builders.js'

const none: ReadonlySet<string> = new Set()

/** An enrollment with optional fields drawn at random, some of them differing between two copies. */
const enrollmentArb = fc.record(
  {
    status: fc.constantFrom('active' as const, 'tobedeleted' as const),
    userSourcedId: fc.constantFrom('u1', 'u2'),
    role: fc.constantFrom('student' as const, 'teacher' as const),
    primary: fc.boolean(),
    beginDate: fc.constantFrom('2025-08-01', '2025-09-01'),
    metadata: fc.constantFrom({ a: 1 }, { a: 2 }, { a: 1, b: [1, 2] }),
    dateLastModified: fc.constantFrom('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'),
  },
  { requiredKeys: ['status', 'userSourcedId', 'role'] },
)
const build = (extra: Partial<Enrollment>): Enrollment => ({ ...enrollment('e1', 'u1', 'c1'), ...extra })

describe('recordsComparer', () => {
  it('agrees with a field-by-field diff on enrollments, with and without ignored fields', () => {
    fc.assert(
      fc.property(enrollmentArb, enrollmentArb, fc.boolean(), (x, y, ignoreRole) => {
        const before = build(x)
        const after = build(y)
        const ignore = ignoreRole ? new Set(['role']) : none
        const equal = recordsComparer('enrollments', ignore)(before, after)
        expect(equal).toBe(diffRecords(before, after, ignore).length === 0)
        expect(equal).toBe(recordsEqual(comparedFields('enrollments', ignore), before, after))
      }),
    )
  })

  it('compares metadata deeply and skips bookkeeping fields', () => {
    const equal = recordsComparer('enrollments', none)
    expect(equal(build({ metadata: { a: [1, { b: 2 }] } }), build({ metadata: { a: [1, { b: 2 }] } }))).toBe(true)
    expect(equal(build({ metadata: { a: [1, { b: 2 }] } }), build({ metadata: { a: [1, { b: 3 }] } }))).toBe(false)
    expect(equal(build({ dateLastModified: '2025-01-01T00:00:00Z' }), build({}))).toBe(true)
    expect(equal(build({ endDate: '2026-06-01' }), build({}))).toBe(false)
  })
})
