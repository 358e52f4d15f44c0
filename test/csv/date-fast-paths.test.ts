import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPlainIsoDate, isPlainIsoDateTime, readDate, readDateTime } from '../../src/providers/csv/parse-dates.js'

const pad = (n: number, w: number): string => String(n).padStart(w, '0')
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)
const timeLike = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([h, m, s]) => `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`)
const noise = fc.string({ unit: fc.constantFrom(...'0123456789-T:.Z /+'.split('')), maxLength: 26 })
const dateTimeLike = fc.oneof(
  fc
    .tuple(dateLike, timeLike, fc.constantFrom('Z', '.000Z', '.5Z', '+01:00', '', '.123'))
    .map(([d, t, z]) => `${d}T${t}${z}`),
  noise,
)

describe('date fast paths', () => {
  it('accepts a date exactly when the general reader reads it unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(dateLike, noise), (s) => {
        const general = readDate(s)
        expect(isPlainIsoDate(s)).toBe(general.kind === 'ok')
        if (isPlainIsoDate(s)) expect(general).toEqual({ kind: 'ok', date: s })
      }),
      { numRuns: 3000 },
    )
  })

  it('accepts only date-times the general reader keeps unchanged', () => {
    fc.assert(
      fc.property(dateTimeLike, (s) => {
        if (isPlainIsoDateTime(s)) expect(readDateTime(s)).toEqual({ kind: 'ok', value: s })
      }),
      { numRuns: 3000 },
    )
    expect(isPlainIsoDateTime('2024-08-01T00:00:00.000Z')).toBe(true)
    expect(isPlainIsoDateTime('2024-08-01T00:00:00Z')).toBe(true)
    expect(isPlainIsoDateTime('2023-02-29T00:00:00Z')).toBe(false)
  })
})
