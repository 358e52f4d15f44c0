/**
 * A real OneRoster REST server on 127.0.0.1 that serves a canonical roster as 1.1 or 1.2 wire
 * JSON on every rostering read endpoint, with OAuth 1.0a verification, an OAuth 2 token endpoint
 * and real-world faults on demand. Node only.
 *
 * @example
 * ```ts
 * const server = await startMockOneRosterServer({ version: '1.2', auth: { type: 'oauth2', clientId: 'id', clientSecret: 's' }, roster })
 * const client = createOneRosterClient({ baseUrl: server.url, version: '1.2', auth: { type: 'oauth2', clientId: 'id', clientSecret: 's', tokenUrl: server.tokenUrl }, allowInsecureLoopback: true })
 * await server.close()
 * ```
 * @module
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Roster } from '../../model/index.js'
import { VERSION_PATHS } from '../../providers/oneroster/endpoints.js'
import { FIELD_SPECS, type OneRosterVersion } from '../../providers/oneroster/wire/field-spec.js'
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

/** A running loopback server. */
export interface MockOneRosterServer {
  /** Server root including `pathPrefix`, e.g. `http://127.0.0.1:52811`. */
  url: string
  /** The versioned base, e.g. `http://127.0.0.1:52811/ims/oneroster/v1p1`. */
  baseUrl: string
  /** OAuth 2 token endpoint. */
  tokenUrl: string
  /** Counters of what the server answered. */
  readonly stats: { dataRequests: number; tokenRequests: number; statuses: Record<number, number> }
  /** Stops the server and closes every connection. */
  close(): Promise<void>
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Starts a loopback OneRoster server on 127.0.0.1 (a free port).
 * @param options - version, auth, roster, quirks
 */
export async function startMockOneRosterServer(options: MockOneRosterServerOptions): Promise<MockOneRosterServer> {
  const { version, auth, roster } = options
  const quirks = options.quirks ?? {}
  const maxPageSize = options.maxPageSize ?? 10_000
  const prefix = (options.pathPrefix ?? '').replace(/\/$/, '')
  const versionPath = prefix + VERSION_PATHS[version]
  const tokenPath = `${prefix}/oauth/token`
  const random = mulberry32(quirks.seed ?? 1)
  const tokens = new Map<string, { expiresAt: number; scopes: Set<string> }>()
  const stats = { dataRequests: 0, tokenRequests: 0, statuses: {} as Record<number, number> }
  let tokensExpiredOnce = false
  let inserted = false
  let revision = 1
  let origin = ''
  const now = () => Date.now() + (quirks.clockSkewMs ?? 0)
  // Wire JSON per served record object, when records are promised never to change in place.
  const wireJson = options.immutableRecords === true ? new WeakMap<object, string>() : undefined

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
      date: new Date(now()).toUTCString(),
      ...headers,
    })
    res.end(text)
  }

  /** Sends a 200 whose JSON text is already written. */
  const sendJson = (res: ServerResponse, json: string, headers: Record<string, string>) => {
    stats.statuses[200] = (stats.statuses[200] ?? 0) + 1
    res.writeHead(200, { 'content-type': 'application/json', date: new Date(now()).toUTCString(), ...headers })
    res.end(json)
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

  const handleToken = async (req: IncomingMessage, res: ServerResponse) => {
    stats.tokenRequests++
    if (auth.type !== 'oauth2') return send(res, 404, { error: 'not_found' })
    const form = new URLSearchParams(await readBody(req))
    let id = form.get('client_id')
    let secret = form.get('client_secret')
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')
    if (basic?.[1] !== undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const i = decoded.indexOf(':')
      // RFC 6749 §2.3.1: both halves are form-urlencoded before joining, so `+` is a space.
      const formDecode = (s: string) => decodeURIComponent(s.replaceAll('+', ' '))
      id = formDecode(decoded.slice(0, i))
      secret = formDecode(decoded.slice(i + 1))
    }
    if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' })
    if (id !== auth.clientId || secret !== auth.clientSecret) return send(res, 401, { error: 'invalid_client' })
    const grantable = new Set(
      auth.grantableScopes ??
        ROSTER_SCOPES.map((s) => `${SCOPE_PREFIX}${version === '1.2' ? 'v1p2' : 'v1p1'}/scope/${s}`),
    )
    const asked = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '')
    const granted = (asked.length === 0 ? [...grantable] : asked).filter((s) => grantable.has(s))
    if (granted.length === 0) return send(res, 400, { error: 'invalid_scope' })
    const token = randomBytes(16).toString('hex')
    const ttl = auth.tokenTtlSeconds ?? 3600
    tokens.set(token, { expiresAt: Date.now() + ttl * 1000, scopes: new Set(granted) })
    send(res, 200, { access_token: token, token_type: 'bearer', expires_in: ttl, scope: granted.join(' ') })
  }

  /** Returns a refusal reason, or the granted scopes (undefined = every scope). */
  const authenticate = (req: IncomingMessage, url: URL): { refused: string } | { scopes?: Set<string> } => {
    const header = req.headers.authorization
    switch (auth.type) {
      case 'none':
        return {}
      case 'bearer':
        return header === `Bearer ${auth.token}` ? {} : { refused: 'invalid bearer token' }
      case 'oauth1': {
        const refusal = verifyOAuth1(req.method ?? 'GET', url, header, auth, now())
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

  const handleData = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    stats.dataRequests++
    const n = stats.dataRequests
    if (quirks.latencyMs) await new Promise((r) => setTimeout(r, quirks.latencyMs))
    if (quirks.htmlErrorPage) {
      return send(res, 200, '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Portal login</body></html>')
    }
    const challenge = auth.type === 'oauth1' ? 'OAuth realm="oneroster"' : 'Bearer realm="oneroster"'
    const who = authenticate(req, url)
    if ('refused' in who) {
      return send(res, 401, statusBody(minor('unauthorized', 'unauthorisedrequest'), who.refused), {
        'www-authenticate': challenge,
      })
    }
    if (quirks.expireTokensAfterRequests !== undefined && !tokensExpiredOnce && n > quirks.expireTokensAfterRequests) {
      tokensExpiredOnce = true
      tokens.clear()
      return send(res, 401, statusBody('unauthorisedrequest', 'access token expired'), {
        'www-authenticate': challenge,
      })
    }
    if (quirks.rateLimitStorm !== undefined && n % quirks.rateLimitStorm.every === 0) {
      return send(res, 429, statusBody('server_busy', 'too many requests'), {
        'retry-after': String(quirks.rateLimitStorm.retryAfterSeconds),
      })
    }
    if (quirks.serverErrorRate !== undefined && random() < quirks.serverErrorRate) {
      return send(res, 503, statusBody(minor('server_busy', 'internal_server_error'), 'temporarily unavailable'))
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
      return send(res, 404, statusBody(minor('unknown object', 'unknownobject'), `${segments[0]} is not served`))
    }
    if (segments[0] === 'demographics' && 'scopes' in who && who.scopes !== undefined) {
      const allowed = [...who.scopes].some((s) => s.endsWith('/roster-demographics.readonly'))
      if (!allowed) return send(res, 403, statusBody('forbidden', 'the token lacks the demographics scope'))
    }
    const route = resolveRoute(roster, segments)
    if (route.type === 'not-found') {
      return send(res, 404, statusBody(minor('unknown object', 'unknownobject'), `unknown ${route.what}`))
    }
    const writeOptions = {
      version,
      baseUrl: origin + versionPath,
      booleansAsStrings: version === '1.2' ? quirks.jsonBooleans !== true : quirks.booleansAsStrings === true,
    }
    const spec = FIELD_SPECS[version][route.kind]
    const fieldsParam = url.searchParams.get('fields')
    const fields = fieldsParam === null ? undefined : fieldsParam.split(',').map((f) => f.trim())
    if (fields?.some((f) => !(f in spec))) {
      return send(res, 400, statusBody('invalid_selection_field', `unknown field in ${fieldsParam}`))
    }
    const headers: Record<string, string> = {}
    if (quirks.revisionChangeAfterRequests !== undefined) {
      if (n > quirks.revisionChangeAfterRequests) revision = 2
      headers['x-perm-rev'] = String(revision)
    }
    if (route.type === 'single') {
      const wire = writeWire(route.kind, route.record, writeOptions)
      return send(res, 200, { [route.singleKey]: fields ? selectFields(wire, fields) : wire }, headers)
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
          return send(res, 400, statusBody('invalid_filter_field', `cannot apply filter ${filterParam}`))
        }
        wires = wires.filter((w) => matchesFilter(w, filter))
      }
      if (sort !== null) {
        if (!((sort.split('.')[0] as string) in spec)) {
          return send(res, 400, statusBody('invalid_sort_field', `cannot sort by ${sort}`))
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
      return sendJson(res, quirks.bareArrays ? list : `{${JSON.stringify(route.listKey)}:${list}}`, headers)
    }
    let page = wires
      ? wires.slice(offset, offset + limit)
      : records.slice(offset, offset + limit).map((r) => writeWire(route.kind, r, writeOptions))
    if (fields) page = page.map((w) => selectFields(w, fields))
    send(res, 200, quirks.bareArrays ? page : { [route.listKey]: page }, headers)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin)
    const run = async () => {
      if (url.pathname === tokenPath && req.method === 'POST') return handleToken(req, res)
      if (req.method !== 'GET') return send(res, 405, statusBody('unsupportedoperation', 'read-only server'))
      if (url.pathname === versionPath || url.pathname.startsWith(`${versionPath}/`)) return handleData(req, res, url)
      return send(res, 404, statusBody(minor('unknown object', 'unknownobject'), `no service at ${url.pathname}`))
    }
    run().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, statusBody('internal_server_error', String(err)))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin + prefix,
    baseUrl: origin + versionPath,
    tokenUrl: origin + tokenPath,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
