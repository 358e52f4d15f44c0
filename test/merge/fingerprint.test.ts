import { describe, expect, it } from 'vitest'
import { type ExistingRecords, fingerprintExisting, type HostRecord } from '../../src/merge/index.js'
import type { User } from '../../src/model/index.js'
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
})
