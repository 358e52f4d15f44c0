import { afterEach, describe, expect, it } from 'vitest'
import { type AuthContext, createOAuth1Auth } from '../../src/auth/index.js'
import { createOneRosterClient } from '../../src/oneroster.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { CLIENT_ID, CLIENT_SECRET, serverAuth, smallDistrict } from '../oneroster/helpers.js'

// Real servers behind a proxy check an OAuth 1 signature against the address the client signed
// (the Host it sent to and the path), not their own; the mock does too, so pulls through a fault
// proxy can be signed.

const CONTEXT: AuthContext = {
  fetch: (input, init) => fetch(input, init),
  attempt: 1,
  provider: 'oneroster',
  allowInsecureLoopback: true,
  timeoutMs: 5_000,
}

let server: MockOneRosterServer | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

describe('the mock OneRoster server behind a proxy', () => {
  it('accepts OAuth 1 requests signed for the proxy address', async () => {
    server = await startMockOneRosterServer({ version: '1.1', auth: serverAuth('oauth1'), roster: smallDistrict() })
    proxy = await startFaultProxy(new URL(server.url).origin, () => undefined)
    const client = createOneRosterClient({
      baseUrl: proxy.origin,
      version: '1.1',
      auth: { type: 'oauth1', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      allowInsecureLoopback: true,
      sleep: async () => {},
    })
    const roster = await client.pull({ collections: ['orgs', 'users'] })
    expect(roster.complete).toBe(true)
    expect(roster.users.length).toBeGreaterThan(100)
    expect(server.stats.statuses[401]).toBeUndefined()
  })

  it('still refuses a signature made for another address', async () => {
    server = await startMockOneRosterServer({ version: '1.1', auth: serverAuth('oauth1'), roster: smallDistrict() })
    const auth = createOAuth1Auth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
    const path = '/ims/oneroster/v1p1/orgs?limit=1'
    const signedFor = async (origin: string) =>
      (await auth.authorize(new Request(`${origin}${path}`), CONTEXT)).headers.get('authorization')!
    const send = async (authorization: string) =>
      (await fetch(`${server!.url}${path}`, { headers: { authorization } })).status
    expect(await send(await signedFor(new URL(server.url).origin))).toBe(200)
    expect(await send(await signedFor('http://other.example.test:8443'))).toBe(401)
  })
})
