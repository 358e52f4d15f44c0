import { afterEach, describe, expect, it } from 'vitest'
import type { Roster } from '../../src/model/index.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { clientFor, serverAuth, smallDistrict } from '../oneroster/helpers.js'

let server: MockOneRosterServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('a OneRoster pull never hands out a cursor from the future', () => {
  it('a record stamped years ahead (dirty SIS data) does not push the cursor past the pull', async () => {
    const district = smallDistrict()
    const [first, ...rest] = district.users
    if (first === undefined) throw new Error('generated district has no users')
    const roster: Roster = { ...district, users: [{ ...first, dateLastModified: '2099-01-01T00:00:00.000Z' }, ...rest] }
    server = await startMockOneRosterServer({ version: '1.1', auth: serverAuth('bearer'), roster })
    const pulled = await clientFor(server, '1.1', 'bearer').pull({ collections: ['users'] })
    const after = new Date().toISOString()
    expect(pulled.cursor).toBeDefined()
    // A cursor after the pull would filter out every change made between now and 2099.
    expect(pulled.cursor! <= after).toBe(true)
  })
})
