import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionDiagnosis } from '../../src/model/index.js'
import { createOneRosterClient } from '../../src/providers/oneroster/index.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { CLIENT_ID, CLIENT_SECRET, clientFor, serverAuth, smallDistrict } from './helpers.js'

const servers: MockOneRosterServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function start(...args: Parameters<typeof startMockOneRosterServer>) {
  const s = await startMockOneRosterServer(...args)
  servers.push(s)
  return s
}
const check = (d: ConnectionDiagnosis, id: string) => d.checks.find((c) => c.id === id)

describe('testConnection diagnoses real failing setups', () => {
  it('passes every check on a healthy server', async () => {
    const server = await start({ version: '1.2', auth: serverAuth('oauth2'), roster: smallDistrict() })
    const d = await clientFor(server, '1.2', 'oauth2').testConnection()
    expect(d.ok).toBe(true)
    for (const name of ['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']) {
      expect(check(d, `endpoint:${name}`)?.status).toBe('pass')
    }
    expect(check(d, 'page-size')?.status).toBe('pass')
  })

  it('reports an unreachable server', async () => {
    const server = await start({ version: '1.1', auth: serverAuth('bearer'), roster: smallDistrict() })
    const url = server.url
    await server.close()
    servers.length = 0
    const client = createOneRosterClient({
      baseUrl: url,
      version: '1.1',
      auth: { type: 'bearer', token: 'x' },
      allowInsecureLoopback: true,
      maxRetries: 0,
    })
    const d = await client.testConnection()
    expect(d.ok).toBe(false)
    expect(check(d, 'reachability')).toMatchObject({ status: 'fail' })
    expect(check(d, 'reachability')?.hint).toBeTruthy()
  })

  it('reports refused credentials', async () => {
    const server = await start({ version: '1.1', auth: serverAuth('oauth1'), roster: smallDistrict() })
    const client = createOneRosterClient({
      baseUrl: server.url,
      version: '1.1',
      auth: { type: 'oauth1', clientId: CLIENT_ID, clientSecret: 'wrong' },
      allowInsecureLoopback: true,
    })
    const d = await client.testConnection()
    expect(check(d, 'auth')).toMatchObject({ status: 'fail' })
    expect(check(d, 'auth')?.hint).toMatch(/client id/)
  })

  it('says the server wants OAuth 2 when OAuth 1 signatures are sent to it', async () => {
    const server = await start({ version: '1.1', auth: serverAuth('oauth2'), roster: smallDistrict() })
    const d = await clientFor(server, '1.1', 'oauth1').testConnection()
    expect(check(d, 'auth')?.hint).toMatch(/OAuth 2/)
  })

  it('says the server wants OAuth 1 when OAuth 2 is tried against it', async () => {
    const server = await start({ version: '1.1', auth: serverAuth('oauth1'), roster: smallDistrict() })
    const d = await clientFor(server, '1.1', 'oauth2').testConnection()
    expect(d.ok).toBe(false)
    expect(d.summary).toMatch(/OAuth 1/)
  })

  it('reports a token endpoint that refuses the client id and secret', async () => {
    const server = await start({ version: '1.2', auth: serverAuth('oauth2'), roster: smallDistrict() })
    const client = createOneRosterClient({
      baseUrl: server.url,
      version: '1.2',
      auth: { type: 'oauth2', clientId: CLIENT_ID, clientSecret: 'nope', tokenUrl: server.tokenUrl },
      allowInsecureLoopback: true,
    })
    const d = await client.testConnection()
    expect(check(d, 'token')).toMatchObject({ status: 'fail' })
  })

  it('reports a missing demographics scope (403) as a warning', async () => {
    const scopes = ['roster-core.readonly', 'roster.readonly'].map(
      (s) => `https://purl.imsglobal.org/spec/or/v1p2/scope/${s}`,
    )
    const server = await start({
      version: '1.2',
      auth: { type: 'oauth2', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, grantableScopes: scopes },
      roster: smallDistrict(),
    })
    const d = await clientFor(server, '1.2', 'oauth2').testConnection()
    expect(check(d, 'endpoint:demographics')).toMatchObject({ status: 'warn', details: { status: 403 } })
    expect(check(d, 'endpoint:demographics')?.hint).toMatch(/roster-demographics/)
    expect(d.ok).toBe(true)
  })

  it('names the version that answered when the client asks the wrong one', async () => {
    const server = await start({ version: '1.2', auth: serverAuth('bearer'), roster: smallDistrict() })
    const d = await clientFor(server, '1.1', 'bearer').testConnection()
    expect(check(d, 'version')).toMatchObject({ status: 'fail', details: { answered: '1.2' } })
  })

  it('reports a wrong base path when neither version answers', async () => {
    const server = await start({
      version: '1.2',
      auth: serverAuth('bearer'),
      roster: smallDistrict(),
      pathPrefix: '/sis',
    })
    const client = createOneRosterClient({
      baseUrl: server.url.replace('/sis', '/other'),
      version: '1.2',
      auth: { type: 'bearer', token: 'static-token' },
      allowInsecureLoopback: true,
    })
    const d = await client.testConnection()
    expect(check(d, 'base-path')).toMatchObject({ status: 'fail' })
  })

  it('reports HTML where JSON was due', async () => {
    const server = await start({
      version: '1.1',
      auth: serverAuth('bearer'),
      roster: smallDistrict(),
      quirks: { htmlErrorPage: true },
    })
    const d = await clientFor(server, '1.1', 'bearer').testConnection()
    expect(check(d, 'json')).toMatchObject({ status: 'fail' })
    expect(check(d, 'json')?.message).toMatch(/text\/html/)
  })

  it('reports clock skew that breaks OAuth 1 signatures', async () => {
    const server = await start({
      version: '1.1',
      auth: serverAuth('oauth1'),
      roster: smallDistrict(),
      quirks: { clockSkewMs: 20 * 60_000 },
    })
    const d = await clientFor(server, '1.1', 'oauth1').testConnection()
    expect(check(d, 'clock-skew')).toMatchObject({ status: 'fail' })
    expect(check(d, 'auth')?.hint).toMatch(/clock/)
  })

  it('reports a required endpoint the provider does not serve', async () => {
    const server = await start({
      version: '1.1',
      auth: serverAuth('bearer'),
      roster: smallDistrict(),
      quirks: { unavailable: ['courses'] },
    })
    const d = await clientFor(server, '1.1', 'bearer').testConnection()
    expect(check(d, 'endpoint:courses')).toMatchObject({ status: 'fail', details: { status: 404 } })
  })

  it('detects a silent page-size cap without count headers', async () => {
    const server = await start({
      version: '1.1',
      auth: serverAuth('bearer'),
      roster: smallDistrict(),
      quirks: { clampPageSize: 50 },
    })
    const d = await clientFor(server, '1.1', 'bearer', { pageSize: 200 }).testConnection()
    expect(check(d, 'page-size')).toMatchObject({ status: 'warn', details: { cap: 50 } })
  })
})
