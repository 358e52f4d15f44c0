import { describe, expect, it } from 'vitest'
import {
  type ExistingRecords,
  fingerprintExisting,
  type HostRecord,
  MERGE_ENTITIES,
  planMerge,
} from '../../src/merge/index.js'
import type { Roster, User } from '../../src/model/index.js'
import { evolveDistrict, generateDistrict } from '../../src/testing/generate-district.js'
import { user } from './builders.js'

const origin = { namespace: 'district-1', createdBySource: true }
const hosts = (records: User[], extra: Partial<HostRecord<User>> = {}): ExistingRecords => ({
  users: records.map((record, i) => ({ hostId: `H${i}`, record, origin, ...extra })),
})

describe('fingerprintExisting', () => {
  const a = user('u1')
  const b = user('u2', 'teacher')

  it('does not depend on the order of records or of their keys', () => {
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as User
    const one = fingerprintExisting({
      users: [
        { hostId: 'H0', record: a, origin },
        { hostId: 'H1', record: b, origin },
      ],
    })
    const two = fingerprintExisting({
      users: [
        { hostId: 'H1', record: b, origin },
        { hostId: 'H0', record: reordered, origin },
      ],
    })
    expect(two).toBe(one)
  })

  it('changes when a host edits any field of a record without a version', () => {
    const before = fingerprintExisting(hosts([a, b]))
    expect(fingerprintExisting(hosts([{ ...a, givenName: 'Edited' }, b]))).not.toBe(before)
    expect(fingerprintExisting(hosts([a, { ...b, grades: ['09'] }]))).not.toBe(before)
  })

  it('follows the version when the host supplies one', () => {
    const before = fingerprintExisting(hosts([a, b], { version: '1' }))
    expect(fingerprintExisting(hosts([{ ...a, givenName: 'Edited' }, b], { version: '1' }))).toBe(before)
    expect(fingerprintExisting(hosts([a, b], { version: '2' }))).not.toBe(before)
  })

  it('changes when a record is archived, marked host-edited or removed', () => {
    const before = fingerprintExisting(hosts([a, b]))
    expect(fingerprintExisting(hosts([a, b], { archived: true }))).not.toBe(before)
    expect(fingerprintExisting(hosts([a, b], { hostEditedFields: ['givenName'] }))).not.toBe(before)
    expect(fingerprintExisting(hosts([a]))).not.toBe(before)
  })

  /** A host's copy of a generated district, varied record by record: namespaces, versions, edits, archives. */
  const hostOf = (roster: Roster): ExistingRecords => {
    const existing: Record<string, HostRecord[]> = {}
    let n = 0
    for (const entity of MERGE_ENTITIES) {
      const records = (roster[entity] as HostRecord['record'][]).map((record, i): HostRecord => {
        const host: HostRecord = {
          hostId: `h${++n}`,
          record: i % 9 === 4 ? (Object.fromEntries(Object.entries(record).reverse()) as typeof record) : record,
        }
        if (i % 13 !== 6) host.origin = { namespace: i % 5 === 1 ? 'other' : 'district-1', createdBySource: i % 3 > 0 }
        if (i % 7 === 2) host.version = `v${i}`
        if (i % 11 === 3) host.hostEditedFields = ['title', 'givenName']
        if (i % 17 === 8) host.archived = true
        return host
      })
      // Records out of generation order, so the planner meets them in another order than the roster.
      existing[entity] = records.reverse()
    }
    return existing as ExistingRecords
  }

  it('is the value planMerge records, computed while it plans', () => {
    for (const seed of [3, 4]) {
      const before = generateDistrict({ seed, students: 120, guardiansPerStudent: seed === 4 ? 1 : 0 })
      const { roster: after } = evolveDistrict(before, { newStudents: 4, withdrawals: 3, transfers: 3 })
      const existing = hostOf(before)
      const plan = planMerge({ existing, incoming: after, policy: { namespace: 'district-1' } })
      expect(plan.fingerprint).toBe(fingerprintExisting(existing))
      // And it is not a constant: one more host record changes both.
      const more = { ...existing, users: [...(existing.users ?? []), { hostId: 'extra', record: user('extra') }] }
      const changed = planMerge({ existing: more, incoming: after, policy: { namespace: 'district-1' } })
      expect(changed.fingerprint).toBe(fingerprintExisting(more))
      expect(changed.fingerprint).not.toBe(plan.fingerprint)
    }
  })
})
