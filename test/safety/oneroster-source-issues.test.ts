import { afterEach, describe, expect, it } from 'vitest'
import { createOneRosterClient } from '../../src/oneroster.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { smallDistrict } from '../oneroster/helpers.js'

// What the tolerant reader accepts it also reports, in the one source-issue shape every provider uses.

const AUTH = { type: 'bearer', token: 'district-token-3Wm' } as const

let server: MockOneRosterServer | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

const client = (baseUrl: string) =>
  createOneRosterClient({ baseUrl, version: '1.1', auth: AUTH, allowInsecureLoopback: true, sleep: async () => {} })

describe('a OneRoster pull reports what its reader tolerated as source issues', () => {
  it('bare arrays are read, with a warning per page in sourceIssues and in metadata.warnings', async () => {
    server = await startMockOneRosterServer({
      version: '1.1',
      auth: AUTH,
      roster: smallDistrict(),
      quirks: { bareArrays: true },
    })
    const roster = await client(server.url).pull({ collections: ['orgs', 'users'] })
    expect(roster.complete).toBe(true)
    expect(roster.users.length).toBeGreaterThan(100)
    const issue = roster.sourceIssues?.samples.find((s) => s.code === 'bare-array')
    expect(issue).toMatchObject({ severity: 'warning', action: 'kept', location: expect.stringMatching(/^GET \//) })
    expect(roster.sourceIssues?.byCode['bare-array']?.count).toBeGreaterThan(0)
    const warnings = roster.metadata?.warnings as { counts: Record<string, number> } | undefined
    expect(warnings?.counts['bare-array']).toBe(roster.sourceIssues?.byCode['bare-array']?.count)
  })

  it('records under another single key are read with a missing-envelope warning', async () => {
    server = await startMockOneRosterServer({ version: '1.1', auth: AUTH, roster: smallDistrict() })
    proxy = await startFaultProxy(new URL(server.url).origin, (r) =>
      r.path.endsWith('/orgs')
        ? { rewrite: (a) => ({ ...a, body: a.body.replace('{"orgs":', '{"data":') }) }
        : undefined,
    )
    const roster = await client(proxy.origin).pull({ collections: ['orgs'] })
    expect(roster.orgs.length).toBeGreaterThan(0)
    expect(roster.sourceIssues?.byCode['missing-envelope']).toMatchObject({ severity: 'warning' })
    expect(roster.sourceIssues?.samples.find((s) => s.code === 'missing-envelope')?.collection).toBe('orgs')
  })
})
