import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createBearerAuth } from '../../src/auth/index.js'
import { isRosterkitError, type RosterkitError } from '../../src/errors.js'
import { createHttpClient, createRateGovernor, type HttpClientOptions } from '../../src/transport/index.js'
import {
  type LoopbackServer,
  resetConnection,
  sendHtml,
  sendJson,
  sendSlowly,
  startLoopbackServer,
} from '../helpers/loopback-server.js'

let server: LoopbackServer
beforeAll(async () => {
  server = await startLoopbackServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => server.reset())

/** A client whose sleeps are recorded instead of waited. */
function client(overrides: Partial<HttpClientOptions> = {}) {
  const delays: number[] = []
  const http = createHttpClient({
    baseUrl: `${server.origin}/api/v1`,
    provider: 'oneroster',
    allowInsecureLoopback: true,
    sleep: async (ms) => {
      delays.push(ms)
    },
    random: () => 0.5,
    ...overrides,
  })
  return { http, delays }
}

async function caught(promise: Promise<unknown>): Promise<RosterkitError> {
  try {
    await promise
  } catch (error) {
    if (isRosterkitError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

/** Answers with the given statuses in turn, then 200. */
function failThen(path: string, statuses: number[], headers: Record<string, string> = {}): void {
  let i = 0
  server.route('GET', path, (_req, res) => {
    const status = statuses[i++]
    if (status === undefined) sendJson(res, 200, { items: ['ok'] })
    else sendJson(res, status, { error: 'nope' }, headers)
  })
}

describe('retries', () => {
  it.each([408, 425, 429, 500, 502, 503, 504])(
    'retries a GET after %i with exponential backoff and jitter',
    async (status) => {
      failThen('/api/v1/items', [status, status, status])
      const { http, delays } = client()
      const { body, meta } = await http.getJson('items')
      expect(body).toEqual({ items: ['ok'] })
      expect(meta.attempts).toBe(4)
      // base 500, 1000, 2000 with random 0.5 → 3/4 of base
      expect(delays).toEqual([375, 750, 1500])
    },
  )

  it('honours Retry-After seconds and an HTTP date', async () => {
    failThen('/api/v1/items', [429], { 'retry-after': '7' })
    const { http, delays } = client()
    await http.getJson('items')
    expect(delays).toEqual([7000])

    server.reset()
    const now = Date.parse('2025-01-01T00:00:00Z')
    failThen('/api/v1/items', [503], { 'retry-after': new Date(now + 12_000).toUTCString() })
    const second = client({ now: () => now })
    await second.http.getJson('items')
    expect(second.delays).toEqual([12_000])
  })

  it('honours X-RateLimit-Reset as epoch seconds', async () => {
    const now = 1_700_000_000_000
    failThen('/api/v1/items', [429], { 'x-ratelimit-reset': String(now / 1000 + 3) })
    const { http, delays } = client({ now: () => now })
    await http.getJson('items')
    expect(delays).toEqual([3000])
  })

  it('gives up with a RateLimitError carrying retryAfterMs when the server asks for longer than the clamp', async () => {
    failThen('/api/v1/items', [429, 429], { 'retry-after': '3600' })
    const { http, delays } = client()
    const error = await caught(http.getJson('items'))
    expect(error.code).toBe('ROSTERKIT_RATE_LIMITED')
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 })
    expect(delays).toEqual([])
    expect(server.requestsTo('/api/v1/items')).toHaveLength(1)
  })

  it('stops after maxRetries and throws the status-mapped error', async () => {
    failThen('/api/v1/items', [503, 503, 503, 503])
    const { http, delays } = client({ maxRetries: 2 })
    const error = await caught(http.getJson('items'))
    expect(error.code).toBe('ROSTERKIT_SERVER')
    expect(delays).toHaveLength(2)
    expect(server.requestsTo('/api/v1/items')).toHaveLength(3)
  })

  it('does not retry 400, 401, 403 or 404', async () => {
    for (const [status, code] of [
      [400, 'ROSTERKIT_API'],
      [401, 'ROSTERKIT_AUTHENTICATION'],
      [403, 'ROSTERKIT_PERMISSION_DENIED'],
      [404, 'ROSTERKIT_NOT_FOUND'],
    ] as const) {
      server.reset()
      failThen('/api/v1/items', [status, status])
      const { http, delays } = client()
      const error = await caught(http.getJson('items'))
      expect(error.code).toBe(code)
      expect(delays).toEqual([])
      expect(server.requestsTo('/api/v1/items')).toHaveLength(1)
    }
  })

  it('retries a connection reset, then succeeds', async () => {
    let i = 0
    server.route('GET', '/api/v1/items', (req, res) => {
      if (i++ === 0) resetConnection(req)
      else sendJson(res, 200, { items: [] })
    })
    const { http, delays } = client()
    const { meta } = await http.getJson('items')
    expect(meta.attempts).toBe(2)
    expect(delays).toHaveLength(1)
  })

  it('maps a persistent reset to ConnectionError', async () => {
    server.route('GET', '/api/v1/items', (req) => resetConnection(req))
    const { http } = client({ maxRetries: 1 })
    const error = await caught(http.getJson('items'))
    expect(error.code).toBe('ROSTERKIT_CONNECTION')
    expect(error.cause).toBeDefined()
  })

  it('times out a slow body and retries it', async () => {
    let i = 0
    server.route('GET', '/api/v1/items', (_req, res) => {
      if (i++ === 0) sendSlowly(res, JSON.stringify({ items: [1, 2, 3] }), 200)
      else sendJson(res, 200, { items: [] })
    })
    const { http, delays } = client({ timeoutMs: 100 })
    const { meta } = await http.getJson('items')
    expect(meta.attempts).toBe(2)
    expect(delays).toHaveLength(1)

    server.route('GET', '/api/v1/slow', (_req, res) => sendSlowly(res, JSON.stringify({ items: [1, 2, 3] }), 200))
    const error = await caught(client({ timeoutMs: 100, maxRetries: 0 }).http.getJson('slow'))
    expect(error.code).toBe('ROSTERKIT_TIMEOUT')
  })

  it('an abort stops waiting and rejects with AbortedError', async () => {
    failThen('/api/v1/items', [503, 503, 503])
    const controller = new AbortController()
    const { http } = client({
      sleep: async () => {
        controller.abort()
      },
    })
    const error = await caught(http.getJson('items', { signal: controller.signal }))
    expect(error.code).toBe('ROSTERKIT_ABORTED')
    expect(server.requestsTo('/api/v1/items')).toHaveLength(1)
  })

  it('reports each retry to the onRetry hook', async () => {
    failThen('/api/v1/items', [502])
    const events: unknown[] = []
    const { http } = client({ hooks: { onRetry: (e) => events.push(e) } })
    await http.getJson('items')
    expect(events).toEqual([
      expect.objectContaining({ attempt: 1, waitMs: 375, reason: '502', status: 502, method: 'GET' }),
    ])
  })
})

describe('response shape and size', () => {
  it('an HTML 200 is a ResponseShapeError naming the endpoint, never an empty result', async () => {
    server.route('GET', '/api/v1/users', (_req, res) => sendHtml(res, 200))
    const error = await caught(client().http.getJson('users', { envelopeKey: 'users' }))
    expect(error.code).toBe('ROSTERKIT_RESPONSE_SHAPE')
    expect(error.message).toContain('/api/v1/users')
    expect(error.message).toContain('HTML')
    expect((error as unknown as { bodySnippet: string }).bodySnippet).toContain('Sign in')
  })

  it('invalid JSON and a missing envelope key are ResponseShapeErrors', async () => {
    // Complete but malformed: a body cut short is a transient fault instead, and retried.
    server.route('GET', '/api/v1/broken', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"users": [1,,2]}')
    })
    server.route('GET', '/api/v1/users', (_req, res) => sendJson(res, 200, { data: [] }))
    const { http } = client()
    expect((await caught(http.getJson('broken'))).code).toBe('ROSTERKIT_RESPONSE_SHAPE')
    const missing = await caught(http.getJson('users', { envelopeKey: 'users' }))
    expect(missing.code).toBe('ROSTERKIT_RESPONSE_SHAPE')
    expect(missing.message).toContain('"users"')
  })

  it('a body over maxResponseBytes fails cleanly with ResponseTooLargeError', async () => {
    server.route('GET', '/api/v1/big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ items: 'x'.repeat(10_000) }))
    })
    const error = await caught(client({ maxResponseBytes: 1000 }).http.getJson('big'))
    expect(error.code).toBe('ROSTERKIT_RESPONSE_TOO_LARGE')
  })

  it('an error status carries request id, status and a redacted snippet', async () => {
    server.route('GET', '/api/v1/items', (_req, res) =>
      sendJson(res, 403, { error: 'forbidden', access_token: 'leaked-token-123' }, { 'x-request-id': 'req-42' }),
    )
    const error = await caught(client().http.getJson('items'))
    expect(error.toJSON()).toMatchObject({
      code: 'ROSTERKIT_PERMISSION_DENIED',
      status: 403,
      requestId: 'req-42',
      method: 'GET',
      provider: 'oneroster',
    })
    expect(JSON.stringify(error.toJSON())).not.toContain('leaked-token-123')
    expect(error.message).not.toContain('leaked-token-123')
  })
})

describe('redaction', () => {
  it('secrets in the URL, headers and bodies never reach errors or hooks', async () => {
    server.route('GET', '/api/v1/items', (_req, res) =>
      sendJson(res, 500, { message: 'bad client_secret=hunter2 for Bearer sekrit-token' }),
    )
    const seen: string[] = []
    const { http } = client({
      maxRetries: 1,
      auth: createBearerAuth({ token: 'sekrit-token' }),
      hooks: {
        onRequest: (e) => seen.push(JSON.stringify(e)),
        onResponse: (e) => seen.push(JSON.stringify(e)),
        onRetry: (e) => seen.push(JSON.stringify(e)),
      },
    })
    const error = await caught(
      http.getJson('items', {
        searchParams: { access_token: 'tok-abc', client_secret: 'hunter2', oauth_signature: 'sig=', limit: 1 },
      }),
    )
    // The secrets really were sent: the server saw them.
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sekrit-token')
    expect(server.requests[0]?.url).toContain('hunter2')
    const published = [error.message, JSON.stringify(error.toJSON()), ...seen].join('\n')
    for (const secret of ['sekrit-token', 'tok-abc', 'hunter2', 'sig=']) expect(published).not.toContain(secret)
    expect(published).toContain('[REDACTED]')
    expect(seen.some((s) => s.includes('"authorization":"Bearer [REDACTED]"'))).toBe(true)
    expect(published).toContain('limit=1')
  })
})

describe('same-origin guard', () => {
  it('refuses an absolute URL on another origin before sending anything', async () => {
    const fetched: string[] = []
    const { http } = client({
      auth: createBearerAuth({ token: 't' }),
      fetch: (input, init) => {
        fetched.push(String(input instanceof Request ? input.url : input))
        return fetch(input, init)
      },
    })
    const error = await caught(http.getJson('http://127.0.0.2:9/api/v1/items'))
    expect(error.code).toBe('ROSTERKIT_CROSS_ORIGIN')
    expect(fetched).toEqual([])
  })

  it('does not follow a redirect to another origin', async () => {
    const other = await startLoopbackServer()
    try {
      other.route('GET', '/steal', (_req, res) => sendJson(res, 200, { items: [] }))
      server.route('GET', '/api/v1/items', (_req, res) => {
        res.writeHead(302, { location: `${other.origin}/steal` })
        res.end()
      })
      const error = await caught(client({ auth: createBearerAuth({ token: 'secret' }) }).http.getJson('items'))
      expect(error.code).toBe('ROSTERKIT_CROSS_ORIGIN')
      expect(other.requests).toHaveLength(0)
    } finally {
      await other.close()
    }
  })

  it('follows a same-origin redirect and re-authorises it', async () => {
    server.route('GET', '/api/v1/old', (_req, res) => {
      res.writeHead(301, { location: '/api/v1/new' })
      res.end()
    })
    server.route('GET', '/api/v1/new', (req, res) => sendJson(res, 200, { auth: req.headers.authorization }))
    const { body } = await client({ auth: createBearerAuth({ token: 't1' }) }).http.getJson('old')
    expect(body).toEqual({ auth: 'Bearer t1' })
  })
})

describe('configuration', () => {
  it('refuses plain http unless loopback with allowInsecureLoopback', () => {
    expect(() => createHttpClient({ baseUrl: 'http://sis.example/api', provider: 'oneroster' })).toThrow(/unencrypted/)
    expect(() => createHttpClient({ baseUrl: 'http://127.0.0.1:1/api', provider: 'oneroster' })).toThrow(
      /allowInsecureLoopback/,
    )
    expect(() =>
      createHttpClient({ baseUrl: 'http://sis.example/api', provider: 'oneroster', allowInsecureLoopback: true }),
    ).toThrow(/unencrypted/)
    expect(createHttpClient({ baseUrl: 'https://sis.example/api', provider: 'oneroster' }).baseUrl.href).toBe(
      'https://sis.example/api',
    )
  })

  it('resolves relative paths under the base path and encodes spaces as %20', () => {
    const { http } = client()
    expect(http.resolveUrl('users', { filter: "a='b c'" }).href).toBe(
      `${server.origin}/api/v1/users?filter=a%3D%27b%20c%27`,
    )
    expect(http.resolveUrl('/v3.0/users').href).toBe(`${server.origin}/v3.0/users`)
  })
})

describe('concurrency and rate governor', () => {
  it('never has more requests in flight than `concurrency`', async () => {
    let inFlight = 0
    let peak = 0
    server.route('GET', '/api/v1/items', (_req, res) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      setTimeout(() => {
        inFlight--
        sendJson(res, 200, { items: [] })
      }, 10)
    })
    const { http } = client({ concurrency: 2 })
    await Promise.all(Array.from({ length: 8 }, () => http.getJson('items')))
    expect(peak).toBe(2)
  })

  it('a governor shared by two clients holds requests back and reports throttling', async () => {
    server.route('GET', '/api/v1/items', (_req, res) => sendJson(res, 200, { items: [] }))
    let clock = 0
    const waits: number[] = []
    const governor = createRateGovernor({
      requests: 2,
      intervalMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms)
        clock += ms
      },
    })
    const throttled: number[] = []
    const a = client({ rateGovernor: governor, hooks: { onThrottle: (e) => throttled.push(e.waitMs) } }).http
    const b = client({ rateGovernor: governor }).http
    await a.getJson('items')
    await b.getJson('items')
    await a.getJson('items')
    expect(waits).toEqual([1000])
    expect(throttled).toEqual([1000])
  })

  it('a 429 with Retry-After pauses the shared governor', async () => {
    failThen('/api/v1/items', [429], { 'retry-after': '5' })
    let clock = 0
    const waits: number[] = []
    const governor = createRateGovernor({
      requests: 100,
      intervalMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms)
        clock += ms
      },
    })
    const { http, delays } = client({ rateGovernor: governor })
    await http.getJson('items')
    expect(delays).toEqual([5000])
    expect(waits).toEqual([5000])
  })
})
