import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { IncompletePullError, isRosterkitError, type RosterkitError } from '../../src/errors.js'
import {
  bodyLinkPages,
  createHttpClient,
  type HttpClientOptions,
  offsetLimitPages,
  type PaginateOptions,
} from '../../src/transport/index.js'
import { type LoopbackServer, queryOf, sendJson, startLoopbackServer } from '../helpers/loopback-server.js'

interface Rec {
  sourcedId: string
}

let server: LoopbackServer
beforeAll(async () => {
  server = await startLoopbackServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => server.reset())

const records = (n: number, prefix = 'u'): Rec[] =>
  Array.from({ length: n }, (_, i) => ({ sourcedId: `${prefix}${i}` }))

interface ServeOptions {
  clamp?: number
  countHeader?: 'x-total-count' | 'x-count'
  link?: boolean
  /** Called before each page is answered; may change the data (simulating writes during a pull). */
  beforePage?: (offset: number, data: Rec[]) => void
  delayMs?: number
  ignoreOffset?: boolean
}

/** Serves `data` as a OneRoster-style offset/limit listing at /ims/users. */
function serveOffsetLimit(data: Rec[], options: ServeOptions = {}): { peak: () => number } {
  let inFlight = 0
  let peak = 0
  server.route('GET', '/ims/users', (req, res) => {
    const query = queryOf({ method: 'GET', url: req.url ?? '', headers: req.headers, body: '' })
    const limit = Math.min(Number(query.get('limit') ?? 100), options.clamp ?? Number.POSITIVE_INFINITY)
    const offset = options.ignoreOffset ? 0 : Number(query.get('offset') ?? 0)
    options.beforePage?.(offset, data)
    const page = data.slice(offset, offset + limit)
    const headers: Record<string, string> = {}
    if (options.countHeader) headers[options.countHeader] = String(data.length)
    if (options.link && offset + limit < data.length) {
      headers.link = `<${server.origin}/ims/users?limit=${limit}&offset=${offset + limit}>; rel="next", <${server.origin}/ims/users?offset=0>; rel="first"`
    }
    inFlight++
    peak = Math.max(peak, inFlight)
    setTimeout(() => {
      inFlight--
      sendJson(res, 200, { users: page }, headers)
    }, options.delayMs ?? 0)
  })
  return { peak: () => peak }
}

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: server.origin,
    provider: 'oneroster',
    allowInsecureLoopback: true,
    sleep: async () => {},
    maxRetries: 1,
    ...overrides,
  })
}

function listing(pageSize: number, extra: Partial<PaginateOptions<Rec>> = {}): PaginateOptions<Rec> {
  return {
    path: '/ims/users',
    strategy: offsetLimitPages({ pageSize }),
    envelopeKey: 'users',
    select: (body) => (body as { users: unknown[] }).users,
    map: (raw) => raw as Rec,
    idOf: (r) => r.sourcedId,
    collection: 'users',
    ...extra,
  }
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

describe('offset/limit', () => {
  it('a silently clamped limit without count headers is read to the end, not truncated at the first short page', async () => {
    serveOffsetLimit(records(23), { clamp: 5 })
    const paginator = client().paginate(listing(10))
    const { items, completeness } = await paginator.collect()
    expect(items.map((r) => r.sourcedId)).toEqual(records(23).map((r) => r.sourcedId))
    expect(completeness).toMatchObject({
      complete: true,
      proof: 'empty-page',
      pages: 6,
      items: 23,
      requestedPageSize: 10,
      effectivePageSize: 5,
      duplicateIds: 0,
    })
  })

  it.each(['x-total-count', 'x-count'] as const)(
    'uses %s, detects the clamped page size and prefetches',
    async (countHeader) => {
      const served = serveOffsetLimit(records(23), { clamp: 5, countHeader, delayMs: 15 })
      const http = client({ concurrency: 3 })
      const pages: Array<{ n: number; count: number; total: number | undefined }> = []
      for await (const page of http.paginate(listing(10)).pages())
        pages.push({ n: page.pageNumber, count: page.items.length, total: page.total })
      expect(pages).toEqual([
        { n: 1, count: 5, total: 23 },
        { n: 2, count: 5, total: 23 },
        { n: 3, count: 5, total: 23 },
        { n: 4, count: 5, total: 23 },
        { n: 5, count: 3, total: 23 },
      ])
      const offsets = server.requestsTo('/ims/users').map((r) => Number(queryOf(r).get('offset')))
      expect(offsets.sort((a, b) => a - b)).toEqual([0, 5, 10, 15, 20])
      expect(served.peak()).toBeGreaterThan(1)
      expect(served.peak()).toBeLessThanOrEqual(3)
    },
  )

  it('follows Link rel="next" when present', async () => {
    serveOffsetLimit(records(12), { link: true })
    const paginator = client().paginate(listing(5))
    const items = []
    for await (const item of paginator) items.push(item.sourcedId)
    expect(items).toHaveLength(12)
    expect(paginator.completeness).toMatchObject({ complete: true, proof: 'link-exhausted', pages: 3 })
  })

  it('a Link header to another origin breaks off with IncompletePullError and nothing goes to that origin', async () => {
    const other = await startLoopbackServer()
    try {
      server.route('GET', '/ims/users', (_req, res) =>
        sendJson(res, 200, { users: records(5) }, { link: `<${other.origin}/ims/users?offset=5>; rel="next"` }),
      )
      const paginator = client().paginate(listing(5))
      const error = await caught(paginator.collect())
      expect(error).toBeInstanceOf(IncompletePullError)
      expect((error.cause as RosterkitError).code).toBe('ROSTERKIT_CROSS_ORIGIN')
      expect((error as IncompletePullError<Rec>).partialItems).toHaveLength(5)
      expect(paginator.completeness?.complete).toBe(false)
      expect(other.requests).toHaveLength(0)
    } finally {
      await other.close()
    }
  })

  it('records duplicates when offsets drift during the pull, and refuses to call it complete', async () => {
    let inserted = false
    serveOffsetLimit(records(10), {
      countHeader: 'x-total-count',
      beforePage: (offset, data) => {
        // A record is inserted at the front after the first page: every later offset shifts by one.
        if (offset > 0 && !inserted) {
          inserted = true
          data.unshift({ sourcedId: 'new' })
        }
      },
    })
    const { completeness } = await client({ concurrency: 1 }).paginate(listing(5)).collect()
    expect(completeness.complete).toBe(false)
    expect(completeness.totalChanged).toBe(true)
    expect(completeness.duplicateIds).toBe(1)
    expect(completeness.duplicateIdSamples).toEqual(['u4'])
  })

  it('a server that ignores offset is detected as non-advancing instead of looping forever', async () => {
    serveOffsetLimit(records(10), { ignoreOffset: true, clamp: 4 })
    const paginator = client().paginate(listing(4))
    const error = await caught(paginator.collect())
    expect(error.code).toBe('ROSTERKIT_INCOMPLETE_PULL')
    expect(paginator.completeness).toMatchObject({ nonAdvancingCursor: true, complete: false })
  })

  it('breaking off after data was read throws IncompletePullError carrying what was read', async () => {
    let calls = 0
    server.route('GET', '/ims/users', (req, res) => {
      const offset = Number(
        queryOf({ method: 'GET', url: req.url ?? '', headers: req.headers, body: '' }).get('offset'),
      )
      calls++
      if (offset >= 10) return sendJson(res, 503, { error: 'down' })
      sendJson(res, 200, { users: records(20).slice(offset, offset + 5) })
    })
    const paginator = client().paginate(listing(5))
    const error = (await caught(paginator.collect())) as IncompletePullError<Rec>
    expect(error.code).toBe('ROSTERKIT_INCOMPLETE_PULL')
    expect(error.partialItems.map((r) => r.sourcedId)).toEqual(records(10).map((r) => r.sourcedId))
    expect(error.progress).toEqual({ collection: 'users', pages: 2, items: 10 })
    expect((error.cause as RosterkitError).code).toBe('ROSTERKIT_SERVER')
    expect(JSON.stringify(error.toJSON())).not.toContain('u0')
    expect(calls).toBe(4)
  })

  it('a failure on the first page throws the HTTP error itself', async () => {
    server.route('GET', '/ims/users', (_req, res) => sendJson(res, 401, { error: 'who are you' }))
    expect((await caught(client().paginate(listing(5)).collect())).code).toBe('ROSTERKIT_AUTHENTICATION')
  })

  it('toArray stops at its limit and the completeness record says it stopped early', async () => {
    serveOffsetLimit(records(50))
    const paginator = client().paginate(listing(10))
    const items = await paginator.toArray({ limit: 15 })
    expect(items).toHaveLength(15)
    expect(server.requestsTo('/ims/users')).toHaveLength(2)
    expect(paginator.completeness).toMatchObject({ complete: false, proof: 'stopped-early' })
  })

  it('a total the server does not deliver makes the pull incomplete', async () => {
    server.route('GET', '/ims/users', (req, res) => {
      const offset = Number(
        queryOf({ method: 'GET', url: req.url ?? '', headers: req.headers, body: '' }).get('offset'),
      )
      sendJson(res, 200, { users: offset === 0 ? records(5) : [] }, { 'x-total-count': '10' })
    })
    const { completeness } = await client().paginate(listing(5)).collect()
    expect(completeness.complete).toBe(false)
    expect(completeness.reasons.join(' ')).toMatch(/reported 10 records but returned 5/)
  })

  it('an abort mid-pull rejects with AbortedError', async () => {
    serveOffsetLimit(records(30))
    const controller = new AbortController()
    const paginator = client().paginate(
      listing(5, {
        signal: controller.signal,
        onPage: (page) => {
          if (page.pageNumber === 2) controller.abort()
        },
      }),
    )
    expect((await caught(paginator.collect())).code).toBe('ROSTERKIT_ABORTED')
  })
})

describe('body link (Clever links[rel=next])', () => {
  function serveCursor(data: Rec[], pageSize: number, repeat = false): void {
    server.route('GET', '/v3.0/users', (req, res) => {
      const query = queryOf({ method: 'GET', url: req.url ?? '', headers: req.headers, body: '' })
      const after = query.get('starting_after')
      const start = after === null ? 0 : data.findIndex((r) => r.sourcedId === after) + 1
      const page = data.slice(start, start + pageSize)
      const last = page[page.length - 1]
      const links = [{ rel: 'self', uri: req.url }]
      if (start + pageSize < data.length && last)
        links.push({
          rel: 'next',
          uri: repeat ? (req.url ?? '') : `/v3.0/users?limit=${pageSize}&starting_after=${last.sourcedId}`,
        })
      sendJson(res, 200, { data: page.map((r) => ({ data: { id: r.sourcedId } })), links })
    })
  }
  const cleverListing = (): PaginateOptions<{ id: string }> => ({
    path: '/v3.0/users',
    searchParams: { limit: 4 },
    strategy: bodyLinkPages(),
    envelopeKey: 'data',
    select: (body) => (body as { data: unknown[] }).data,
    map: (raw) => (raw as { data: { id: string } }).data,
    idOf: (r) => r.id,
    collection: 'users',
  })

  it('follows relative next links to the end', async () => {
    serveCursor(records(10), 4)
    const http = createHttpClient({ baseUrl: `${server.origin}/v3.0`, provider: 'clever', allowInsecureLoopback: true })
    const { items, completeness } = await http.paginate(cleverListing()).collect()
    expect(items.map((r) => r.id)).toEqual(records(10).map((r) => r.sourcedId))
    expect(completeness).toMatchObject({ complete: true, proof: 'cursor-exhausted', pages: 3, items: 10 })
  })

  it('a next link that repeats a page is a non-advancing cursor', async () => {
    serveCursor(records(10), 4, true)
    const http = createHttpClient({ baseUrl: server.origin, provider: 'clever', allowInsecureLoopback: true })
    const paginator = http.paginate(cleverListing())
    const error = (await caught(paginator.collect())) as IncompletePullError
    expect(error.code).toBe('ROSTERKIT_INCOMPLETE_PULL')
    expect(error.partialItems).toHaveLength(4)
    expect(paginator.completeness?.nonAdvancingCursor).toBe(true)
  })
})
