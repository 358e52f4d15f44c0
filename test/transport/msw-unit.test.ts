import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createOAuth1Auth, createOAuth2ClientCredentialsAuth } from '../../src/auth/index.js'
import { createHttpClient, nextLinkInBody, offsetLimitPages } from '../../src/transport/index.js'

// Unit-level cases over https origins that msw intercepts; nothing leaves the process.
const mock = setupServer()
beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.resetHandlers())
afterAll(() => mock.close())

const BASE = 'https://sis.example/ims/oneroster/v1p1'

describe('HTTP client over https (msw)', () => {
  it('gets OAuth 2 tokens over https without any insecure option, and sends the bearer only to the API origin', async () => {
    const seen: Array<{ url: string; auth: string | null }> = []
    mock.use(
      http.post('https://auth.example/token', ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization') })
        return HttpResponse.json({ access_token: 'at-1', token_type: 'bearer', expires_in: 3600 })
      }),
      http.get(`${BASE}/orgs`, ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization') })
        return HttpResponse.json({ orgs: [] })
      }),
    )
    const client = createHttpClient({
      baseUrl: BASE,
      provider: 'oneroster',
      auth: createOAuth2ClientCredentialsAuth({
        tokenUrl: 'https://auth.example/token',
        clientId: 'c',
        clientSecret: 's',
      }),
    })
    await client.getJson('orgs', { envelopeKey: 'orgs' })
    expect(seen).toEqual([
      { url: 'https://auth.example/token', auth: `Basic ${btoa('c:s')}` },
      { url: `${BASE}/orgs`, auth: 'Bearer at-1' },
    ])
  })

  it('signs with OAuth 1.0a in the Authorization header, never in the query', async () => {
    let header = ''
    let query = ''
    mock.use(
      http.get(`${BASE}/users`, ({ request }) => {
        header = request.headers.get('authorization') ?? ''
        query = new URL(request.url).search
        return HttpResponse.json({ users: [] })
      }),
    )
    const client = createHttpClient({
      baseUrl: BASE,
      provider: 'oneroster',
      auth: createOAuth1Auth({ clientId: 'k', clientSecret: 's' }),
    })
    await client.getJson('users', { searchParams: { filter: "role='student'" } })
    expect(header).toMatch(
      /^OAuth oauth_consumer_key="k", oauth_nonce="[0-9a-f]{32}", oauth_signature_method="HMAC-SHA256"/,
    )
    expect(query).toBe('?filter=role%3D%27student%27')
  })

  it('paginates with a total header and reports the requested URL redacted', async () => {
    mock.use(
      http.get(`${BASE}/classes`, ({ request }) => {
        const offset = Number(new URL(request.url).searchParams.get('offset'))
        const all = Array.from({ length: 7 }, (_, i) => ({ sourcedId: `c${i}` }))
        return HttpResponse.json({ classes: all.slice(offset, offset + 3) }, { headers: { 'X-Total-Count': '7' } })
      }),
    )
    const client = createHttpClient({ baseUrl: BASE, provider: 'oneroster' })
    const pages = []
    for await (const page of client
      .paginate({
        path: 'classes',
        searchParams: { access_token: 'leak' },
        strategy: offsetLimitPages({ pageSize: 3 }),
        select: (b) => (b as { classes: unknown[] }).classes,
      })
      .pages())
      pages.push(page.requestUrl)
    expect(pages).toHaveLength(3)
    expect(pages.join()).not.toContain('leak')
    expect(pages[0]).toContain('access_token=[REDACTED]')
  })

  it('reads Clever next links from the body', () => {
    expect(
      nextLinkInBody({
        links: [
          { rel: 'self', uri: '/a' },
          { rel: 'next', uri: '/b' },
        ],
      }),
    ).toBe('/b')
    expect(nextLinkInBody({ links: [{ rel: 'self', uri: '/a' }] })).toBeUndefined()
    expect(nextLinkInBody(null)).toBeUndefined()
  })
})
