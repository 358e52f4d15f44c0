import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOAuth2ClientCredentialsAuth, type OAuth2ClientCredentialsOptions } from '../../src/auth/index.js'
import { isRosterkitError, type RosterkitError } from '../../src/errors.js'
import { createHttpClient, type HttpClientOptions } from '../../src/transport/index.js'
import { type LoopbackServer, sendJson, startLoopbackServer } from '../helpers/loopback-server.js'

let server: LoopbackServer
/** Tokens the API accepts. */
let valid: Set<string>
let issued: number
let tokenDelayMs: number
let expiresIn: number | undefined

beforeAll(async () => {
  server = await startLoopbackServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  server.reset()
  valid = new Set()
  issued = 0
  tokenDelayMs = 0
  expiresIn = 3600
  server.route('POST', '/oauth/token', (req, res, body) => {
    const form = new URLSearchParams(body)
    const basic = req.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8')
      : undefined
    const id = basic ? decodeURIComponent(basic.split(':')[0] ?? '') : form.get('client_id')
    const secret = basic ? decodeURIComponent(basic.split(':')[1] ?? '') : form.get('client_secret')
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' })
    if (id !== 'app' || secret !== 'app-secret') return sendJson(res, 401, { error: 'invalid_client' })
    const token = `tok-${++issued}`
    valid.add(token)
    setTimeout(
      () =>
        sendJson(res, 200, {
          access_token: token,
          token_type: 'Bearer',
          ...(expiresIn === undefined ? {} : { expires_in: expiresIn }),
          scope: form.get('scope') ?? '',
        }),
      tokenDelayMs,
    )
  })
  server.route('GET', '/api/items', (req, res) => {
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
    if (!valid.has(token)) return sendJson(res, 401, { error: 'invalid_token' })
    sendJson(res, 200, { items: [token] })
  })
})

function setup(auth: Partial<OAuth2ClientCredentialsOptions> = {}, http: Partial<HttpClientOptions> = {}) {
  const strategy = createOAuth2ClientCredentialsAuth({
    tokenUrl: `${server.origin}/oauth/token`,
    clientId: 'app',
    clientSecret: 'app-secret',
    allowInsecureLoopback: true,
    ...auth,
  })
  return createHttpClient({
    baseUrl: `${server.origin}/api`,
    provider: 'oneroster',
    allowInsecureLoopback: true,
    auth: strategy,
    sleep: async () => {},
    ...http,
  })
}

const tokenRequests = () => server.requestsTo('/oauth/token')

async function caught(promise: Promise<unknown>): Promise<RosterkitError> {
  try {
    await promise
  } catch (error) {
    if (isRosterkitError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('OAuth 2 client credentials', () => {
  it('uses client_secret_basic by default, sends the scope, and caches the token', async () => {
    const http = setup({ scope: ['roster-core.readonly', 'roster-demographics.readonly'] })
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-1'] })
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-1'] })
    expect(tokenRequests()).toHaveLength(1)
    const request = tokenRequests()[0]!
    expect(request.headers.authorization).toMatch(/^Basic /)
    const form = new URLSearchParams(request.body)
    expect(form.get('scope')).toBe('roster-core.readonly roster-demographics.readonly')
    expect(form.get('client_secret')).toBeNull()
  })

  it('supports client_secret_post', async () => {
    const http = setup({ clientAuthentication: 'client_secret_post' })
    await http.getJson('items')
    const request = tokenRequests()[0]!
    expect(request.headers.authorization).toBeUndefined()
    expect(new URLSearchParams(request.body).get('client_secret')).toBe('app-secret')
  })

  it('refreshes a token once it is within the expiry skew', async () => {
    let clock = 1_000_000
    expiresIn = 120
    const http = setup({ now: () => clock, expirySkewSeconds: 60 })
    await http.getJson('items')
    clock += 59_000
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-1'] })
    clock += 2_000
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-2'] })
    expect(tokenRequests()).toHaveLength(2)
  })

  it('a token shorter-lived than the expiry skew is still reused, the skew scaled to its lifetime', async () => {
    let clock = 1_000_000
    expiresIn = 30
    const http = setup({ now: () => clock })
    await http.getJson('items')
    clock += 5_000
    await http.getJson('items')
    clock += 5_000
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-1'] })
    expect(tokenRequests()).toHaveLength(1)
    // Past half its lifetime it is refreshed before it can expire in flight.
    clock += 6_000
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-2'] })
  })

  it('concurrent requests share one token refresh', async () => {
    tokenDelayMs = 30
    const http = setup({}, { concurrency: 8 })
    const results = await Promise.all(Array.from({ length: 8 }, () => http.getJson('items')))
    expect(results.map((r) => r.body)).toEqual(Array.from({ length: 8 }, () => ({ items: ['tok-1'] })))
    expect(tokenRequests()).toHaveLength(1)
  })

  it('after a 401 the token is invalidated and the request retried once with a fresh token', async () => {
    const retries: string[] = []
    const http = setup({}, { hooks: { onRetry: (e) => retries.push(e.reason) } })
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-1'] })
    valid.delete('tok-1') // the server revoked it before its expiry
    expect((await http.getJson('items')).body).toEqual({ items: ['tok-2'] })
    expect(retries).toEqual(['401-refresh'])
    expect(tokenRequests()).toHaveLength(2)
  })

  it('a 401 that persists after one refresh is an AuthenticationError (no loop)', async () => {
    server.route('GET', '/api/items', (_req, res) => sendJson(res, 401, { error: 'invalid_token' }))
    const error = await caught(setup().getJson('items'))
    expect(error.code).toBe('ROSTERKIT_AUTHENTICATION')
    expect(server.requestsTo('/api/items')).toHaveLength(2)
    expect(tokenRequests()).toHaveLength(2)
  })

  it('refused credentials are an AuthenticationError from oauth2 with no secret in it', async () => {
    const error = await caught(setup({ clientSecret: 'wrong-secret' }).getJson('items'))
    expect(error.code).toBe('ROSTERKIT_AUTHENTICATION')
    expect(error.toJSON()).toMatchObject({ provider: 'oauth2', status: 401, method: 'POST' })
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain('wrong-secret')
    expect(server.requestsTo('/api/items')).toHaveLength(0)
  })

  it('the token request goes through the fetch the client was given', async () => {
    const seen: string[] = []
    const http = setup(
      {},
      {
        fetch: (input, init) => {
          seen.push(input instanceof Request ? input.url : String(input))
          return fetch(input, init)
        },
      },
    )
    await http.getJson('items')
    expect(seen).toEqual([`${server.origin}/oauth/token`, `${server.origin}/api/items`])
  })

  it('refuses plain http token URLs unless loopback and allowInsecureLoopback', async () => {
    expect(() =>
      createOAuth2ClientCredentialsAuth({ tokenUrl: 'http://auth.example/token', clientId: 'a', clientSecret: 'b' }),
    ).toThrow(/unencrypted/)
    expect(() =>
      createOAuth2ClientCredentialsAuth({
        tokenUrl: 'http://auth.example/token',
        clientId: 'a',
        clientSecret: 'b',
        allowInsecureLoopback: true,
      }),
    ).toThrow(/unencrypted/)
    const strategy = createOAuth2ClientCredentialsAuth({
      tokenUrl: `${server.origin}/oauth/token`,
      clientId: 'app',
      clientSecret: 'app-secret',
    })
    const error = await caught(
      strategy.authorize(new Request(`${server.origin}/api/items`), {
        fetch,
        attempt: 1,
        provider: 'oneroster',
        allowInsecureLoopback: false,
        timeoutMs: 1000,
      }) as Promise<Request>,
    )
    expect(error.code).toBe('ROSTERKIT_CONFIGURATION')
    expect(tokenRequests()).toHaveLength(0)
  })

  it('a token without expires_in is kept until a 401', async () => {
    expiresIn = undefined
    const http = setup()
    await http.getJson('items')
    await http.getJson('items')
    expect(tokenRequests()).toHaveLength(1)
  })
})
