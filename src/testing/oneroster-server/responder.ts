/**
 * The request-handling core of the fake OneRoster REST API: routing, OAuth checks, the OAuth 2
 * token endpoint, paging, filtering, sorting, field selection, envelopes and faults, answered as
 * plain {@link FakeApiResponse} values so the loopback server and the msw handlers behave alike.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { Roster } from '../../model/index.js'
import { VERSION_PATHS } from '../../providers/oneroster/endpoints.js'
import { FIELD_SPECS, type OneRosterVersion } from '../../providers/oneroster/wire/field-spec.js'
import type { FakeApiRequest, FakeApiResponse } from '../http-exchange.js'
import { verifyOAuth1 } from './oauth1-verify.js'
import { matchesFilter, parseFilter, selectFields, sortRecords } from './query-eval.js'
import { resolveRoute, writeWire } from './routes.js'

/** How the server authenticates requests. */
export type MockOneRosterAuth =
  | { type: 'oauth1'; clientId: string; clientSecret: string }
  | {
      type: 'oauth2'
      clientId: string
      clientSecret: string
      /** Lifetime of issued tokens. @default 3600 */
      tokenTtlSeconds?: number
      /** Scopes the server grants when asked; demographics need `roster-demographics.readonly`. @default every rostering scope */
      grantableScopes?: readonly string[]
    }
  | { type: 'bearer'; token: string }
  | { type: 'none' }

/** Real-world behaviour to switch on. */
export interface MockOneRosterQuirks {
  /** Silently return at most this many records per page, with no count headers and no Link header. */
  clampPageSize?: number
  /** 1.1: write booleans as `"true"`/`"false"` strings. */
  booleansAsStrings?: boolean
  /** 1.2: write booleans as JSON `true`/`false` (a departure from the 1.2 spec). */
  jsonBooleans?: boolean
  /** Answer collections with a bare JSON array instead of the envelope object. */
  bareArrays?: boolean
  /** Every `every`-th data request answers 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitStorm?: { every: number; retryAfterSeconds: number }
  /** Share of data requests that answer 503 at random (seeded). */
  serverErrorRate?: number
  /** Seed of the random faults. @default 1 */
  seed?: number
  /** Delay added to every data response, in milliseconds. */
  latencyMs?: number
  /** Answer every data request with a 200 HTML page (a login portal or proxy error page). */
  htmlErrorPage?: boolean
  /** After this many data requests, every issued OAuth 2 token stops working once. */
  expireTokensAfterRequests?: number
  /** Send an `x-perm-rev` revision header that changes after this many data requests. */
  revisionChangeAfterRequests?: number
  /** After `after` data requests, insert `count` copies of the first record of a collection at its front. */
  insertAfterRequests?: { after: number; collection: 'users' | 'enrollments' | 'classes'; count: number }
  /** The server's clock runs this far ahead (its `Date` header and its OAuth 1 timestamp window). */
  clockSkewMs?: number
  /** Collections (first path segment) that answer 404, e.g. `['demographics']`. */
  unavailable?: readonly string[]
}

/** Options of {@link startMockOneRosterServer}. */
export interface MockOneRosterServerOptions {
  /** Which OneRoster version to serve. */
  version: OneRosterVersion
  /** How requests are authenticated. */
  auth: MockOneRosterAuth
  /** The canonical roster to serve. It is not copied: changes to it show in later responses. */
  roster: Roster
  /** Faults and departures to switch on. */
  quirks?: MockOneRosterQuirks
  /**
   * Largest page the server returns (with count headers, unlike the `clampPageSize` quirk).
   * @default 10_000
   */
  maxPageSize?: number
  /**
   * Path between the server root and the versioned path, e.g. `/aeries`.
   * @default ''
   */
  pathPrefix?: string
  /**
   * Promise that served records are never modified in place (collections may still be replaced,
   * grown or shrunk, and records swapped for new objects). The server then writes each record's
   * wire JSON once and reuses it, so large districts are served many times faster.
   * @default false
   */
  immutableRecords?: boolean
}

/** Counters of what a fake OneRoster API answered. */
export interface MockOneRosterStats {
  /** Requests to the versioned rostering paths. */
  dataRequests: number
  /** Requests to the OAuth 2 token endpoint. */
  tokenRequests: number
  /** Responses by HTTP status. */
  statuses: Record<number, number>
}

/** A fake OneRoster API without a transport: give it requests, get responses. */
export interface OneRosterResponder {
  /** Path of the versioned base, including any prefix, e.g. `/ims/oneroster/v1p1`. */
  readonly versionPath: string
  /** Path of the OAuth 2 token endpoint, e.g. `/oauth/token`. */
  readonly tokenPath: string
  /** Counters of what was answered. */
  readonly stats: MockOneRosterStats
  /** Clock the fake API runs on (skewed by the `clockSkewMs` quirk), in epoch milliseconds. */
  now(): number
  /** Answers one request; never rejects (a failure inside answers 500). */
  handle(request: FakeApiRequest): Promise<FakeApiResponse>
}

const SCOPE_PREFIX = 'https://purl.imsglobal.org/spec/or/'
const ROSTER_SCOPES = ['roster-core.readonly', 'roster.readonly', 'roster-demographics.readonly']

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The URL the client signed: the address it sent the request to (Host, and the scheme a proxy in
 * front reports), which differs from the server's own when a proxy forwards the request.
 */
function signedUrl(req: FakeApiRequest): URL {
  const host = req.header('host')
  if (host === undefined || host === '') return req.url
  const proto = req.header('x-forwarded-proto')?.split(',')[0]?.trim()
  const scheme = proto === 'http' || proto === 'https' ? `${proto}:` : req.url.protocol
  try {
    return new URL(`${req.url.pathname}${req.url.search}`, `${scheme}//${host}`)
  } catch {
    return req.url
  }
}

/**
 * Creates the fake OneRoster API that `startMockOneRosterServer` and
 * `createOneRosterHandlers` put behind a transport.
 * @param options - version, auth, roster, quirks; the origin comes from each request's URL
 */
export function createOneRosterResponder(options: MockOneRosterServerOptions): OneRosterResponder {
  const { version, auth, roster } = options
  const quirks = options.quirks ?? {}
  const maxPageSize = options.maxPageSize ?? 10_000
  const prefix = (options.pathPrefix ?? '').replace(/\/$/, '')
  const versionPath = prefix + VERSION_PATHS[version]
  const tokenPath = `${prefix}/oauth/token`
  const random = mulberry32(quirks.seed ?? 1)
  const tokens = new Map<string, { expiresAt: number; scopes: Set<string> }>()
  const stats: MockOneRosterStats = { dataRequests: 0, tokenRequests: 0, statuses: {} }
  let tokensExpiredOnce = false
  let inserted = false
  let revision = 1
  const now = () => Date.now() + (quirks.clockSkewMs ?? 0)
  // Wire JSON per served record object, when records are promised never to change in place.
  const wireJson = options.immutableRecords === true ? new WeakMap<object, string>() : undefined

  /** A string body is an HTML page; anything else is sent as JSON. */
  const send = (status: number, body: unknown, headers: Record<string, string> = {}): FakeApiResponse => {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1
    const html = typeof body === 'string'
    return {
      status,
      headers: {
        'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
        date: new Date(now()).toUTCString(),
        ...headers,
      },
      body: html ? body : JSON.stringify(body),
    }
  }

  /** A 200 whose JSON text is already written. */
  const sendJson = (json: string, headers: Record<string, string>): FakeApiResponse => {
    stats.statuses[200] = (stats.statuses[200] ?? 0) + 1
    return {
      status: 200,
      headers: { 'content-type': 'application/json', date: new Date(now()).toUTCString(), ...headers },
      body: json,
    }
  }

  const statusBody = (codeMinor: string, description: string) =>
    version === '1.2'
      ? {
          imsx_codeMajor: 'failure',
          imsx_severity: 'error',
          imsx_description: description,
          imsx_CodeMinor: {
            imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }],
          },
        }
      : {
          statusInfoSet: [
            {
              imsx_codeMajor: 'failure',
              imsx_severity: 'error',
              imsx_description: description,
              imsx_codeMinor: codeMinor,
            },
          ],
        }
  const minor = (v11: string, v12: string) => (version === '1.2' ? v12 : v11)

  const handleToken = async (req: FakeApiRequest): Promise<FakeApiResponse> => {
    stats.tokenRequests++
    if (auth.type !== 'oauth2') return send(404, { error: 'not_found' })
    const form = new URLSearchParams(await req.text())
    let id = form.get('client_id')
    let secret = form.get('client_secret')
    const basic = /^Basic\s+(.+)$/i.exec(req.header('authorization') ?? '')
    if (basic?.[1] !== undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const i = decoded.indexOf(':')
      // RFC 6749 §2.3.1: both halves are form-urlencoded before joining, so `+` is a space.
      const formDecode = (s: string) => decodeURIComponent(s.replaceAll('+', ' '))
      id = formDecode(decoded.slice(0, i))
      secret = formDecode(decoded.slice(i + 1))
    }
    if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' })
    if (id !== auth.clientId || secret !== auth.clientSecret) return send(401, { error: 'invalid_client' })
    const grantable = new Set(
      auth.grantableScopes ??
        ROSTER_SCOPES.map((s) => `${SCOPE_PREFIX}${version === '1.2' ? 'v1p2' : 'v1p1'}/scope/${s}`),
    )
    const asked = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '')
    const granted = (asked.length === 0 ? [...grantable] : asked).filter((s) => grantable.has(s))
    if (granted.length === 0) return send(400, { error: 'invalid_scope' })
    const token = randomBytes(16).toString('hex')
    const ttl = auth.tokenTtlSeconds ?? 3600
    tokens.set(token, { expiresAt: Date.now() + ttl * 1000, scopes: new Set(granted) })
    return send(200, { access_token: token, token_type: 'bearer', expires_in: ttl, scope: granted.join(' ') })
  }

  /** Returns a refusal reason, or the granted scopes (undefined = every scope). */
  const authenticate = (req: FakeApiRequest): { refused: string } | { scopes?: Set<string> } => {
    const header = req.header('authorization')
    switch (auth.type) {
      case 'none':
        return {}
      case 'bearer':
        return header === `Bearer ${auth.token}` ? {} : { refused: 'invalid bearer token' }
      case 'oauth1': {
        const refusal = verifyOAuth1(req.method, signedUrl(req), header, auth, now())
        return refusal === undefined ? {} : { refused: `OAuth 1 signature refused: ${refusal}` }
      }
      case 'oauth2': {
        const m = /^Bearer\s+(.+)$/i.exec(header ?? '')
        const entry = m?.[1] === undefined ? undefined : tokens.get(m[1])
        if (entry === undefined || entry.expiresAt <= Date.now()) return { refused: 'invalid or expired access token' }
        return { scopes: entry.scopes }
      }
    }
  }

  const handleData = async (req: FakeApiRequest): Promise<FakeApiResponse> => {
    const url = req.url
    stats.dataRequests++
    const n = stats.dataRequests
    if (quirks.latencyMs) await new Promise((r) => setTimeout(r, quirks.latencyMs))
    if (quirks.htmlErrorPage) {
      return send(200, '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Portal login</body></html>')
    }
    const challenge = auth.type === 'oauth1' ? 'OAuth realm="oneroster"' : 'Bearer realm="oneroster"'
    const who = authenticate(req)
    if ('refused' in who) {
      return send(401, statusBody(minor('unauthorized', 'unauthorisedrequest'), who.refused), {
        'www-authenticate': challenge,
      })
    }
    if (quirks.expireTokensAfterRequests !== undefined && !tokensExpiredOnce && n > quirks.expireTokensAfterRequests) {
      tokensExpiredOnce = true
      tokens.clear()
      return send(401, statusBody('unauthorisedrequest', 'access token expired'), {
        'www-authenticate': challenge,
      })
    }
    if (quirks.rateLimitStorm !== undefined && n % quirks.rateLimitStorm.every === 0) {
      return send(429, statusBody('server_busy', 'too many requests'), {
        'retry-after': String(quirks.rateLimitStorm.retryAfterSeconds),
      })
    }
    if (quirks.serverErrorRate !== undefined && random() < quirks.serverErrorRate) {
      return send(503, statusBody(minor('server_busy', 'internal_server_error'), 'temporarily unavailable'))
    }
    if (quirks.insertAfterRequests !== undefined && !inserted && n > quirks.insertAfterRequests.after) {
      inserted = true
      const { collection, count } = quirks.insertAfterRequests
      const list = roster[collection] as { sourcedId: string }[]
      const template = list[0]
      if (template !== undefined) {
        const copies = Array.from({ length: count }, (_, i) => ({
          ...template,
          sourcedId: `inserted-${collection}-${i}`,
        }))
        list.unshift(...copies)
      }
    }
    const segments = url.pathname
      .slice(versionPath.length)
      .split('/')
      .filter((s) => s !== '')
    if (segments[0] !== undefined && quirks.unavailable?.includes(segments[0])) {
      return send(404, statusBody(minor('unknown object', 'unknownobject'), `${segments[0]} is not served`))
    }
    if (segments[0] === 'demographics' && 'scopes' in who && who.scopes !== undefined) {
      const allowed = [...who.scopes].some((s) => s.endsWith('/roster-demographics.readonly'))
      if (!allowed) return send(403, statusBody('forbidden', 'the token lacks the demographics scope'))
    }
    const route = resolveRoute(roster, segments)
    if (route.type === 'not-found') {
      return send(404, statusBody(minor('unknown object', 'unknownobject'), `unknown ${route.what}`))
    }
    const writeOptions = {
      version,
      baseUrl: url.origin + versionPath,
      booleansAsStrings: version === '1.2' ? quirks.jsonBooleans !== true : quirks.booleansAsStrings === true,
    }
    const spec = FIELD_SPECS[version][route.kind]
    const fieldsParam = url.searchParams.get('fields')
    const fields = fieldsParam === null ? undefined : fieldsParam.split(',').map((f) => f.trim())
    if (fields?.some((f) => !(f in spec))) {
      return send(400, statusBody('invalid_selection_field', `unknown field in ${fieldsParam}`))
    }
    const headers: Record<string, string> = {}
    if (quirks.revisionChangeAfterRequests !== undefined) {
      if (n > quirks.revisionChangeAfterRequests) revision = 2
      headers['x-perm-rev'] = String(revision)
    }
    if (route.type === 'single') {
      const wire = writeWire(route.kind, route.record, writeOptions)
      return send(200, { [route.singleKey]: fields ? selectFields(wire, fields) : wire }, headers)
    }
    let records = route.records
    let wires: Record<string, unknown>[] | undefined
    const filterParam = url.searchParams.get('filter')
    const sort = url.searchParams.get('sort')
    if (filterParam !== null || sort !== null) {
      wires = records.map((r) => writeWire(route.kind, r, writeOptions))
      if (filterParam !== null) {
        const filter = parseFilter(filterParam)
        if (filter === undefined || filter.predicates.some((p) => !((p.field.split('.')[0] as string) in spec))) {
          return send(400, statusBody('invalid_filter_field', `cannot apply filter ${filterParam}`))
        }
        wires = wires.filter((w) => matchesFilter(w, filter))
      }
      if (sort !== null) {
        if (!((sort.split('.')[0] as string) in spec)) {
          return send(400, statusBody('invalid_sort_field', `cannot sort by ${sort}`))
        }
        wires = sortRecords(wires, sort, url.searchParams.get('orderBy') === 'desc')
      }
      records = []
    }
    const total = wires?.length ?? records.length
    const asked = Number(url.searchParams.get('limit') ?? 100)
    const cap = quirks.clampPageSize ?? maxPageSize
    const limit = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 100, cap))
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0)
    if (quirks.clampPageSize === undefined) {
      headers['x-total-count'] = String(total)
      const link = (rel: string, o: number) => {
        const u = new URL(url)
        u.searchParams.set('limit', String(limit))
        u.searchParams.set('offset', String(o))
        return `<${u.href}>; rel="${rel}"`
      }
      const lastOffset = Math.max(0, Math.floor((total - 1) / limit) * limit)
      const links = [link('first', 0), link('last', lastOffset)]
      if (offset + limit < total) links.unshift(link('next', offset + limit))
      if (offset > 0) links.push(link('prev', Math.max(0, offset - limit)))
      headers.link = links.join(', ')
    }
    if (wireJson !== undefined && wires === undefined && fields === undefined) {
      const parts: string[] = []
      for (const record of records.slice(offset, offset + limit)) {
        let json = wireJson.get(record)
        if (json === undefined) {
          json = JSON.stringify(writeWire(route.kind, record, writeOptions))
          wireJson.set(record, json)
        }
        parts.push(json)
      }
      const list = `[${parts.join(',')}]`
      return sendJson(quirks.bareArrays ? list : `{${JSON.stringify(route.listKey)}:${list}}`, headers)
    }
    let page = wires
      ? wires.slice(offset, offset + limit)
      : records.slice(offset, offset + limit).map((r) => writeWire(route.kind, r, writeOptions))
    if (fields) page = page.map((w) => selectFields(w, fields))
    return send(200, quirks.bareArrays ? page : { [route.listKey]: page }, headers)
  }

  const dispatch = async (req: FakeApiRequest): Promise<FakeApiResponse> => {
    const path = req.url.pathname
    if (path === tokenPath && req.method === 'POST') return handleToken(req)
    if (req.method !== 'GET') return send(405, statusBody('unsupportedoperation', 'read-only server'))
    if (path === versionPath || path.startsWith(`${versionPath}/`)) return handleData(req)
    return send(404, statusBody(minor('unknown object', 'unknownobject'), `no service at ${path}`))
  }

  return {
    versionPath,
    tokenPath,
    stats,
    now,
    handle: (req) => dispatch(req).catch((err: unknown) => send(500, statusBody('internal_server_error', String(err)))),
  }
}
