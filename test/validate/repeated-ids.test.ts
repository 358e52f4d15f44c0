import fc from 'fast-check'
import { expect, it } from 'vitest'
import { keyOwners, repeatedIdPositions } from '../../src/validate/repeated-ids.js'

/** The obvious answer, with a Set. */
function expected(ids: readonly string[]): number[] {
  const seen = new Set<string>()
  const repeated: number[] = []
  ids.forEach((id, position) => {
    if (seen.has(id)) repeated.push(position)
    else seen.add(id)
  })
  return repeated
}

it('finds every second and later occurrence of a sourcedId, in order', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), (ids) => {
      expect(repeatedIdPositions(ids.map((sourcedId) => ({ sourcedId })))).toEqual(expected(ids))
    }),
  )
})

it('finds nothing among many unique ids and the one repeat added to them', () => {
  const records = Array.from({ length: 50_000 }, (_, i) => ({ sourcedId: `enr-${i}` }))
  expect(repeatedIdPositions(records)).toEqual([])
  records.push({ sourcedId: 'enr-31337' })
  expect(repeatedIdPositions(records)).toEqual([50_000])
})

it('keyOwners answers the first owner of each key, and -1 for a key claimed the first time', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), (keys) => {
      const claim = keyOwners(keys.length)
      const first = new Map<string, number>()
      keys.forEach((key, owner) => {
        expect(claim(key, owner)).toBe(first.get(key) ?? -1)
        if (!first.has(key)) first.set(key, owner)
      })
    }),
  )
})
