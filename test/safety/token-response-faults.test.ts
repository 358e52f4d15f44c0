import { afterEach, describe, expect, it } from 'vitest'
import { createOneRosterClient } from '../../src/oneroster.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { CLIENT_ID, CLIENT_SECRET, serverAuth, smallDistrict } from '../oneroster/helpers.js'

// A fault while reading the token response is as transient as the same fault on a data page.

let server: MockOneRosterServer | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

describe('the OAuth 2 token response', () => {
  it.each([
    ['reset mid-body', true],
    ['cut off and ended cleanly', false],
  ])('%s on the first attempt is retried and the pull completes', async (_, declareLength) => {
    server = await startMockOneRosterServer({ version: '1.2', auth: serverAuth('oauth2'), roster: smallDistrict() })
    proxy = await startFaultProxy(new URL(server.url).origin, (r) =>
      r.path === '/oauth/token' && r.attempt === 1 ? { truncate: { keepBytes: 20, declareLength } } : undefined,
    )
    const client = createOneRosterClient({
      baseUrl: proxy.origin,
      version: '1.2',
      auth: {
        type: 'oauth2',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        tokenUrl: `${proxy.origin}/oauth/token`,
      },
      allowInsecureLoopback: true,
      sleep: async () => {},
    })
    const roster = await client.pull({ collections: ['orgs'] })
    expect(roster.complete).toBe(true)
    expect(roster.orgs.length).toBeGreaterThan(0)
    expect(proxy.requestsTo('/oauth/token')).toHaveLength(2)
  })
})
