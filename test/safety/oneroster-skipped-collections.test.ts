import { afterEach, describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput } from '../../src/index.js'
import { MemoryRosterStore, type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { clientFor, serverAuth, smallDistrict } from '../oneroster/helpers.js'

let server: MockOneRosterServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const POLICY: MergePolicyInput = {
  namespace: 'sis',
  schools: { unmatched: 'create' },
  archiveThreshold: 1,
  roles: { student: { archive: true } },
  entities: { demographics: { sync: true, archive: true }, enrollments: { archive: true } },
}

describe('collections a OneRoster pull did not read are never archived', () => {
  it('demographics the server refuses leave the host demographics alone', async () => {
    const roster = smallDistrict()
    const store = new MemoryRosterStore()
    server = await startMockOneRosterServer({ version: '1.2', auth: serverAuth('oauth2'), roster })
    const full = clientFor(server, '1.2', 'oauth2')
    const first = await createRosterSync({ source: full, store, policy: POLICY }).run({ full: true })
    expect(first.outcome).toBe('applied')
    const demographics = store.records('demographics').length
    expect(demographics).toBeGreaterThan(0)
    await server.close()

    server = await startMockOneRosterServer({
      version: '1.2',
      auth: serverAuth('oauth2'),
      roster,
      quirks: { unavailable: ['demographics'] },
    })
    const limited = clientFor(server, '1.2', 'oauth2')
    const pulled = await limited.pull()
    expect(pulled.demographics).toEqual([])
    expect(pulled.completeness.demographics).toBeUndefined()
    const second = await createRosterSync({ source: limited, store, policy: POLICY }).run({ full: true })
    expect(second.preview?.plan.summary.byEntity.demographics.archive).toBe(0)
    expect(store.records('demographics').filter((d) => !d.archived)).toHaveLength(demographics)
  })
})
