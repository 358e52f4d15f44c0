import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOAuth1Auth, oauth1BaseString, oauth1Signature } from '../../src/auth/oauth1.js'
import { createHttpClient } from '../../src/transport/index.js'
import { type LoopbackServer, sendJson, startLoopbackServer } from '../helpers/loopback-server.js'
import { expectedSignature, parseOAuthHeader, verifyOAuth1Request } from '../helpers/oauth1-verifier.js'

describe('OAuth 1.0a signature vectors', () => {
  it('builds the RFC 5849 §3.4.1.1 signature base string', () => {
    const base = oauth1BaseString({
      method: 'POST',
      url: new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      oauthParams: {
        oauth_consumer_key: '9djdj82h48djs9d2',
        oauth_token: 'kkk9d7dh3k39sjv7',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131201',
        oauth_nonce: '7d8f3e4a',
      },
      extraParams: [
        ['c2', ''],
        ['a3', '2 q'],
      ],
    })
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    )
  })

  it('reproduces the RFC 5849 §1.2 HMAC-SHA1 signature', async () => {
    const base = oauth1BaseString({
      method: 'GET',
      url: new URL('http://photos.example.net/photos?file=vacation.jpg&size=original'),
      oauthParams: {
        oauth_consumer_key: 'dpf43f3p2l4k3l03',
        oauth_token: 'nnch734d00sl2jdk',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131202',
        oauth_nonce: 'chapoH',
      },
    })
    expect(await oauth1Signature(base, 'kd94hf93k423kf44', 'HMAC-SHA1', 'pfkkdhi9sl3r4s00')).toBe(
      'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
    )
  })

  const hostileUrls = [
    "https://sis.example/ims/oneroster/v1p1/users?filter=familyName%3D'O''Brien'%20AND%20dateLastModified%3E%3D'2024-01-01T00:00:00Z'",
    'https://sis.example/ims/oneroster/v1p1/users?filter=givenName%3D%27Ren%C3%A9e%27&fields=sourcedId,givenName,familyName&sort=familyName',
    'https://sis.example:8443/ims/oneroster/v1p1/classes?filter=title~%27Math+%26+Science%27&limit=100&offset=0',
    'https://sis.example/ims/oneroster/v1p1/orgs?filter=name%3D%27%E5%AD%A6%E6%A0%A1%20%F0%9F%8F%AB%27%20OR%20name%3D%27a%2Cb%27',
  ]
  for (const method of ['HMAC-SHA256', 'HMAC-SHA1'] as const) {
    it.each(hostileUrls)(`${method} signature of %s matches an independent node:crypto verifier`, async (href) => {
      const auth = createOAuth1Auth({ clientId: 'key', clientSecret: 's3cr&t ü', signatureMethod: method })
      const signed = await auth.authorize(new Request(href), {
        fetch,
        attempt: 1,
        provider: 'oneroster',
        allowInsecureLoopback: false,
        timeoutMs: 1000,
      })
      const oauth = parseOAuthHeader(signed.headers.get('authorization') ?? undefined)!
      expect(oauth.get('oauth_signature_method')).toBe(method)
      const url = new URL(signed.url)
      const expected = expectedSignature({
        method: 'GET',
        origin: url.origin,
        rawUrl: url.pathname + url.search,
        oauth,
        consumerSecret: 's3cr&t ü',
      })
      expect(oauth.get('oauth_signature')).toBe(expected)
    })
  }
})

describe('OAuth 1.0a against a verifying loopback server', () => {
  let server: LoopbackServer
  const credentials = { consumerKey: 'district-key', consumerSecret: 'district-secret' }
  beforeAll(async () => {
    server = await startLoopbackServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it.each(['HMAC-SHA256', 'HMAC-SHA1'] as const)('%s requests with hostile filters are accepted', async (method) => {
    server.reset()
    const verdicts: string[] = []
    server.route('GET', '/ims/oneroster/v1p1/users', (req, res) => {
      const verdict = verifyOAuth1Request(req, server.origin, credentials)
      verdicts.push(verdict.ok ? verdict.method : verdict.reason)
      if (verdict.ok) sendJson(res, 200, { users: [] })
      else sendJson(res, 401, { imsx_description: verdict.reason })
    })
    const http = createHttpClient({
      baseUrl: `${server.origin}/ims/oneroster/v1p1`,
      provider: 'oneroster',
      allowInsecureLoopback: true,
      auth: createOAuth1Auth({
        clientId: credentials.consumerKey,
        clientSecret: credentials.consumerSecret,
        signatureMethod: method,
      }),
    })
    const filters = [
      "familyName='O''Brien' AND dateLastModified>='2024-01-01T00:00:00Z'",
      "givenName='Renée' OR givenName='Zoë'",
      "title='Math, Science & Art' AND status='active'",
      "name='学校 🏫'",
    ]
    for (const filter of filters) {
      const { body } = await http.getJson('users', {
        searchParams: { filter, fields: 'sourcedId,givenName', limit: 5 },
        envelopeKey: 'users',
      })
      expect(body).toEqual({ users: [] })
    }
    expect(verdicts).toEqual(filters.map(() => method))
  })

  it('signs every retry afresh (new nonce and a signature over the final URL)', async () => {
    server.reset()
    const nonces: string[] = []
    let calls = 0
    server.route('GET', '/ims/oneroster/v1p1/orgs', (req, res) => {
      const verdict = verifyOAuth1Request(req, server.origin, credentials)
      if (!verdict.ok) return sendJson(res, 401, { error: verdict.reason })
      nonces.push(verdict.nonce)
      calls++
      if (calls < 3) return sendJson(res, 503, { error: 'busy' })
      sendJson(res, 200, { orgs: [{ sourcedId: 'o1' }] })
    })
    const http = createHttpClient({
      baseUrl: `${server.origin}/ims/oneroster/v1p1/`,
      provider: 'oneroster',
      allowInsecureLoopback: true,
      sleep: async () => {},
      auth: createOAuth1Auth({ clientId: credentials.consumerKey, clientSecret: credentials.consumerSecret }),
    })
    const { body, meta } = await http.getJson('orgs', { searchParams: { filter: "status='active'" } })
    expect(body).toEqual({ orgs: [{ sourcedId: 'o1' }] })
    expect(meta.attempts).toBe(3)
    expect(new Set(nonces).size).toBe(3)
  })

  it('a wrong secret is refused by the verifier and surfaces as an AuthenticationError', async () => {
    server.reset()
    server.route('GET', '/ims/oneroster/v1p1/orgs', (req, res) => {
      const verdict = verifyOAuth1Request(req, server.origin, credentials)
      sendJson(res, verdict.ok ? 200 : 401, verdict.ok ? { orgs: [] } : { imsx_codeMajor: 'failure' })
    })
    const http = createHttpClient({
      baseUrl: `${server.origin}/ims/oneroster/v1p1/`,
      provider: 'oneroster',
      allowInsecureLoopback: true,
      auth: createOAuth1Auth({ clientId: credentials.consumerKey, clientSecret: 'wrong' }),
    })
    await expect(http.getJson('orgs')).rejects.toMatchObject({ code: 'ROSTERKIT_AUTHENTICATION', status: 401 })
  })
})
