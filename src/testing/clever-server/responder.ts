/**
 * The request-handling core of the fake Clever v3 API: district-token checks, the tokens endpoint,
 * data and nested endpoints, cursor paging with `links`, `count=true`, events, rate limits and
 * faults, answered as plain {@link FakeApiResponse} values so the loopback server and the msw
 * handlers behave alike.
 *
 * @module
 */
import { ROSTER_COLLECTIONS, type Roster, type RosterCollection } from '../../model/index.js'
import type { FakeApiRequest, FakeApiResponse } from '../http-exchange.js'
import { CleverEventLog, diffCleverWire, type RecordedCleverEvent } from './event-log.js'
import { type CleverWireRecords, toCleverWire } from './to-clever-wire.js'

/** Faults and vendor quirks the loopback Clever server can show. */
export interface MockCleverServerQuirks {
  /** Send contacts' whole name in `name.last`, as Clever's demo district does. @default false */
  contactsWholeNameInLast?: boolean
  /** Put `previous_attributes` beside `data` (the Swagger's place) instead of inside it. @default false */
  previousAttributesBesideData?: boolean
  /** Answer 400 to `ending_before=last`, for servers that do not know the keyword. @default false */
  rejectEndingBeforeLast?: boolean
  /** HTTP status of the HTML page sent for a token that is not the district token. @default 200 */
  wrongTokenStatus?: number
}

/** Options of {@link startMockCleverServer}. */
export interface MockCleverServerOptions {
  /** The canonical roster to serve. */
  roster: Roster
  /** The district token data requests must carry. @default 'district-token' */
  token?: string
  /** Application credentials the tokens endpoint accepts (Basic auth). @default 'app-client-id' */
  clientId?: string
  /** @default 'app-client-secret' */
  clientSecret?: string
  /** Other districts' tokens to list on the tokens endpoint; they do not open this district's data. */
  otherDistrictTokens?: ReadonlyArray<{ districtId: string; token: string }>
  /** District id used when the roster has no district org. @default 'district' */
  districtId?: string
  /** Page size when a request gives no `limit`. @default 100 */
  defaultPageSize?: number
  /** Requests per window per token before 429. @default 1200 */
  rateLimit?: number
  /** Length of the fixed rate-limit window in milliseconds. @default 60000 */
  rateLimitWindowMs?: number
  /** How long events are kept. @default 30 days */
  eventRetentionMs?: number
  /** The clock, for retention and rate-limit windows. @default Date.now */
  now?: () => number
  /** Faults and quirks. */
  quirks?: MockCleverServerQuirks
}

/** A request the server received, for assertions. */
export interface MockCleverRequest {
  /** HTTP method. */
  method: string
  /** Path and query. */
  url: string
  /** The scheme of the Authorization header (`Bearer`, `Basic`), or undefined when none. */
  authScheme: string | undefined
  /** The status answered, once the response is sent. */
  status?: number
}

/** A change applied to the served roster; every affected Clever record gets an event. */
export interface MockCleverChanges {
  /** Records to add or replace, by sourcedId. */
  upsert?: { [K in RosterCollection]?: Roster[K] }
  /** sourcedIds of records to remove. Removing a user or class also removes its enrollments. */
  remove?: { [K in RosterCollection]?: readonly string[] }
}

/** A fault to serve instead of the next responses. */
export interface MockCleverFault {
  /** HTTP status, e.g. 429 or 503. */
  status: number
  /** How many responses get the fault. @default 1 */
  times?: number
  /** Body to send. @default a Clever-style `{ "message": … }` */
  body?: string
  /** Content type of `body`. @default 'application/json' */
  contentType?: string
}

/** A fake Clever API without a transport: give it requests, get responses. */
export interface CleverResponder {
  /** The district token. */
  readonly token: string
  /** The application's client id for the tokens endpoint. */
  readonly clientId: string
  /** The application's client secret for the tokens endpoint. */
  readonly clientSecret: string
  /** The district id served. */
  readonly districtId: string
  /** Every request received, oldest first. */
  readonly requests: readonly MockCleverRequest[]
  /** The roster as currently served. */
  roster(): Roster
  /** Applies changes to the roster and records the matching events; returns their ids. */
  applyChanges(changes: MockCleverChanges): string[]
  /** The newest event id kept, if any. */
  latestEventId(): string | undefined
  /** Forgets events up to and including `id` (all when absent), as Clever does after 30 days. */
  expireEvents(id?: string): void
  /** Serves a fault instead of the next response(s). */
  failNext(fault: MockCleverFault): void
  /** Answers one request; a failure inside answers 500. */
  handle(request: FakeApiRequest): FakeApiResponse
}

const MAX_LIMIT = 10_000

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

function applyToRoster(roster: Roster, changes: MockCleverChanges): Roster {
  const next = { ...roster }
  const removed = new Map<RosterCollection, Set<string>>()
  for (const name of ROSTER_COLLECTIONS) removed.set(name, new Set(changes.remove?.[name] ?? []))
  const gone = (name: RosterCollection, id: string) => removed.get(name)?.has(id) === true
  for (const name of ROSTER_COLLECTIONS) {
    const list = (roster[name] as { sourcedId: string }[]).filter((r) => !gone(name, r.sourcedId))
    for (const record of (changes.upsert?.[name] ?? []) as { sourcedId: string }[]) {
      const at = list.findIndex((r) => r.sourcedId === record.sourcedId)
      if (at >= 0) list[at] = record
      else list.push(record)
    }
    ;(next as Record<string, unknown>)[name] = list
  }
  next.enrollments = next.enrollments.filter(
    (e) => !gone('users', e.userSourcedId) && !gone('classes', e.classSourcedId),
  )
  next.demographics = next.demographics.filter((d) => !gone('users', d.sourcedId))
  return next
}

/**
 * Creates the fake Clever API that `startMockCleverServer` and `createCleverHandlers`
 * put behind a transport.
 * @param options - the roster and behaviour
 */
export function createCleverResponder(options: MockCleverServerOptions): CleverResponder {
  const token = options.token ?? 'district-token'
  const clientId = options.clientId ?? 'app-client-id'
  const clientSecret = options.clientSecret ?? 'app-client-secret'
  const now = options.now ?? Date.now
  const quirks = options.quirks ?? {}
  const limitPerWindow = options.rateLimit ?? 1200
  const windowMs = options.rateLimitWindowMs ?? 60_000
  const defaultPageSize = options.defaultPageSize ?? 100
  const log = new CleverEventLog(now, options.eventRetentionMs ?? 30 * 24 * 3600 * 1000)
  const requests: MockCleverRequest[] = []
  const faults: MockCleverFault[] = []
  let roster = options.roster
  const wireOf = (version: '3.0' | '3.1', r: Roster): CleverWireRecords =>
    toCleverWire(r, {
      districtId: options.districtId ?? 'district',
      version,
      ...(quirks.contactsWholeNameInLast === undefined
        ? {}
        : { contactsWholeNameInLast: quirks.contactsWholeNameInLast }),
    })
  let wire = { '3.0': wireOf('3.0', roster), '3.1': wireOf('3.1', roster) }
  const districtId = String(wire['3.0'].districts[0]?.id)
  const windows = new Map<string, { start: number; count: number }>()

  const rateHeaders = (bearer: string): { headers: Record<string, string>; over: boolean } => {
    const t = now()
    let w = windows.get(bearer)
    if (w === undefined || t - w.start >= windowMs) {
      w = { start: t - (t % windowMs), count: 0 }
      windows.set(bearer, w)
    }
    w.count += 1
    const reset = Math.ceil((w.start + windowMs) / 1000)
    return {
      headers: {
        'x-ratelimit-bucket': 'bearer',
        'x-ratelimit-limit': String(limitPerWindow),
        'x-ratelimit-remaining': String(Math.max(0, limitPerWindow - w.count)),
        'x-ratelimit-reset': String(reset),
      },
      over: w.count > limitPerWindow,
    }
  }

  const page = (
    url: URL,
    records: readonly Record<string, unknown>[],
    headers: Record<string, string>,
    wrap: (r: Record<string, unknown>) => unknown,
    unknownCursor?: (id: string) => boolean,
  ): FakeApiResponse => {
    const self = `${url.pathname}${url.search}`
    if (url.searchParams.get('count') === 'true') {
      return json(200, { count: records.length, links: [{ rel: 'self', uri: self }] }, headers)
    }
    const rawLimit = url.searchParams.get('limit')
    const limit = rawLimit === null ? defaultPageSize : Number(rawLimit)
    if (!Number.isInteger(limit) || limit < 1) return json(400, { message: 'invalid limit' }, headers)
    if (limit > MAX_LIMIT) return json(413, { message: `limit must be at most ${MAX_LIMIT}` }, headers)
    const sorted = [...records].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0))
    const after = url.searchParams.get('starting_after')
    const before = url.searchParams.get('ending_before')
    if (before === 'last' && quirks.rejectEndingBeforeLast === true) {
      return json(400, { message: 'ending_before must be an id' }, headers)
    }
    for (const cursor of [after, before]) {
      if (cursor !== null && cursor !== 'last' && unknownCursor?.(cursor) === true) {
        return json(404, { message: `Resource not found: ${cursor}` }, headers)
      }
    }
    let slice: Record<string, unknown>[]
    if (after !== null) slice = sorted.filter((r) => String(r.id) > after).slice(0, limit)
    else if (before !== null) {
      const head = before === 'last' ? sorted : sorted.filter((r) => String(r.id) < before)
      slice = head.slice(Math.max(0, head.length - limit))
    } else slice = sorted.slice(0, limit)
    const links = [{ rel: 'self', uri: self }]
    const first = slice[0]
    const last = slice[slice.length - 1]
    const link = (param: string, id: string): string => {
      const next = new URLSearchParams(url.searchParams)
      next.delete('starting_after')
      next.delete('ending_before')
      next.set('limit', String(limit))
      next.set(param, id)
      return `${url.pathname}?${next.toString()}`
    }
    if (last !== undefined && sorted.some((r) => String(r.id) > String(last.id))) {
      links.push({ rel: 'next', uri: link('starting_after', String(last.id)) })
    }
    if (first !== undefined && sorted.some((r) => String(r.id) < String(first.id))) {
      links.push({ rel: 'prev', uri: link('ending_before', String(first.id)) })
    }
    return json(200, { data: slice.map(wrap), links }, headers)
  }

  const eventWire = (e: RecordedCleverEvent): Record<string, unknown> => {
    const inner: Record<string, unknown> = { object: e.object }
    const outer: Record<string, unknown> = { id: e.id, type: e.type, created: e.created, data: inner }
    if (e.previousAttributes !== undefined) {
      if (quirks.previousAttributesBesideData === true) outer.previous_attributes = e.previousAttributes
      else inner.previous_attributes = e.previousAttributes
    }
    return outer
  }

  const handleData = (
    url: URL,
    version: '3.0' | '3.1',
    rest: string[],
    headers: Record<string, string>,
  ): FakeApiResponse => {
    const w = wire[version]
    const prefix = `/v${version}`
    const item = (type: string) => (r: Record<string, unknown>) => ({
      data: r,
      uri: `${prefix}/${type}/${String(r.id)}`,
    })
    const notFound = () => json(404, { message: 'Resource not found' }, headers)
    const [type, id, sub] = rest
    if (type === 'events') {
      const events = log.list()
      const known = new Set(events.map((e) => e.id))
      if (id !== undefined) {
        const event = events.find((e) => e.id === id)
        return event === undefined ? notFound() : json(200, { data: eventWire(event) }, headers)
      }
      const types = url.searchParams.getAll('record_type')
      const chosen = types.length === 0 ? events : events.filter((e) => types.includes(e.type.split('.')[0] ?? ''))
      return page(
        url,
        chosen.map(eventWire),
        headers,
        (r) => ({ data: r, uri: `${prefix}/events/${String(r.id)}` }),
        (c) => !known.has(c),
      )
    }
    const collections: Record<string, Record<string, unknown>[]> = {
      districts: w.districts,
      schools: w.schools,
      terms: w.terms,
      courses: w.courses,
      sections: w.sections,
      users: w.users,
      resources: w.resources,
    }
    if (type === undefined || !(type in collections)) return notFound()
    let records = collections[type] ?? []
    if (id === undefined) {
      if (type === 'users') {
        const role = url.searchParams.get('role')
        if (role !== null) records = records.filter((u) => role in (u.roles as Record<string, unknown>))
      }
      return page(url, records, headers, item(type))
    }
    const record = records.find((r) => r.id === id)
    if (record === undefined) return notFound()
    if (sub === undefined)
      return json(200, { data: record, links: [{ rel: 'self', uri: `${prefix}/${type}/${id}` }] }, headers)
    const role = url.searchParams.get('role')
    const hasRole = (u: Record<string, unknown>, r: string) => r in (u.roles as Record<string, unknown>)
    const ids = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [])
    const userSchools = (u: Record<string, unknown>): string[] => {
      const roles = u.roles as Record<string, Record<string, unknown>>
      return [...new Set(Object.values(roles).flatMap((r) => ids(r.schools)))]
    }
    const sectionMembers = (s: Record<string, unknown>) => new Set([...ids(s.teachers), ...ids(s.students)])
    let nested: Record<string, unknown>[] | undefined
    let nestedType = sub
    if (sub === 'district') {
      return json(200, { data: w.districts[0] }, headers)
    }
    if (type === 'schools' && sub === 'users') nested = w.users.filter((u) => userSchools(u).includes(id))
    else if (type === 'schools' && sub === 'sections') nested = w.sections.filter((s) => s.school === id)
    else if (type === 'schools' && (sub === 'terms' || sub === 'courses')) {
      const key = sub === 'terms' ? 'term_id' : 'course'
      const wanted = new Set(w.sections.filter((s) => s.school === id).map((s) => s[key]))
      nested = (sub === 'terms' ? w.terms : w.courses).filter((r) => wanted.has(r.id))
    } else if (type === 'sections' && sub === 'users')
      nested = w.users.filter((u) => sectionMembers(record).has(String(u.id)))
    else if ((type === 'terms' || type === 'courses') && sub === 'sections') {
      const key = type === 'terms' ? 'term_id' : 'course'
      nested = w.sections.filter((s) => s[key] === id)
    } else if (type === 'users' && sub === 'sections') nested = w.sections.filter((s) => sectionMembers(s).has(id))
    else if (type === 'users' && sub === 'schools')
      nested = w.schools.filter((s) => userSchools(record).includes(String(s.id)))
    else if (type === 'users' && (sub === 'mycontacts' || sub === 'mystudents' || sub === 'myteachers')) {
      nestedType = 'users'
      const mine = w.sections.filter((s) => sectionMembers(s).has(id))
      const contactOf = (u: Record<string, unknown>, student: string) =>
        ids(
          (
            (u.roles as Record<string, Record<string, unknown>>).contact?.student_relationships as
              | { student: string }[]
              | undefined
          )?.map((r) => r.student),
        ).includes(student)
      if (sub === 'mycontacts') nested = w.users.filter((u) => contactOf(u, id))
      else if (sub === 'myteachers') {
        const t = new Set(mine.flatMap((s) => ids(s.teachers)))
        nested = w.users.filter((u) => t.has(String(u.id)))
      } else {
        const students = new Set(mine.flatMap((s) => ids(s.students)))
        for (const u of w.users) if (contactOf(record, String(u.id))) students.add(String(u.id))
        nested = w.users.filter((u) => students.has(String(u.id)) && hasRole(u, 'student'))
      }
    } else if (sub === 'resources') nested = []
    if (nested === undefined) return notFound()
    if (role !== null) nested = nested.filter((u) => hasRole(u, role))
    return page(url, nested, headers, item(nestedType))
  }

  const answer = (req: FakeApiRequest): FakeApiResponse => {
    const url = req.url
    const auth = req.header('authorization')
    const fault = faults[0]
    if (fault !== undefined) {
      fault.times = (fault.times ?? 1) - 1
      if (fault.times <= 0) faults.shift()
      return {
        status: fault.status,
        headers: {
          'content-type': fault.contentType ?? 'application/json',
          ...(fault.status === 429
            ? {
                'x-ratelimit-limit': String(limitPerWindow),
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(Math.ceil(now() / 1000)),
              }
            : {}),
        },
        body: fault.body ?? JSON.stringify({ message: `injected ${fault.status}` }),
      }
    }
    if (req.method !== 'GET') return json(405, { message: 'Method not allowed' })
    if (url.pathname === '/oauth/tokens') {
      const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
      if (auth !== expected) return json(401, { error: 'invalid_client', message: 'invalid client credentials' })
      const all = [{ districtId, token }, ...(options.otherDistrictTokens ?? [])]
      const wanted = url.searchParams.get('district')
      const data = all
        .filter((t) => wanted === null || t.districtId === wanted)
        .map((t, i) => ({
          id: `t${String(i).padStart(23, '0')}`,
          created: new Date(0).toISOString(),
          owner: { type: 'district', id: t.districtId },
          access_token: t.token,
          scopes: ['read:district_admins', 'read:schools', 'read:sections', 'read:students', 'read:teachers'],
        }))
      return json(200, { data, links: [{ rel: 'self', uri: `${url.pathname}${url.search}` }] })
    }
    const match = /^\/v(3\.0|3\.1)(?:\/(.*))?$/.exec(url.pathname)
    if (match === null) return json(404, { message: 'Not found' })
    if (auth === undefined || !auth.startsWith('Bearer ')) return json(401, { message: 'Authorization required' })
    const bearer = auth.slice('Bearer '.length)
    if (bearer !== token) {
      return {
        status: quirks.wrongTokenStatus ?? 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Clever</title></head><body><h1>Clever</h1><p>Please log in.</p></body></html>',
      }
    }
    const { headers, over } = rateHeaders(bearer)
    if (over) return json(429, { message: 'Too Many Requests' }, headers)
    const rest = (match[2] ?? '')
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent)
    return handleData(url, match[1] as '3.0' | '3.1', rest, headers)
  }

  return {
    token,
    clientId,
    clientSecret,
    districtId,
    requests,
    roster: () => roster,
    applyChanges(changes) {
      const before = wire['3.1']
      roster = applyToRoster(roster, changes)
      wire = { '3.0': wireOf('3.0', roster), '3.1': wireOf('3.1', roster) }
      return log.append(diffCleverWire(before, wire['3.1']))
    },
    latestEventId: () => log.list().at(-1)?.id,
    expireEvents: (id) => log.expireThrough(id),
    failNext: (fault) => {
      faults.push({ ...fault })
    },
    handle(req) {
      const entry: MockCleverRequest = {
        method: req.method,
        url: `${req.url.pathname}${req.url.search}`,
        authScheme: req.header('authorization')?.split(' ')[0],
      }
      requests.push(entry)
      let result: FakeApiResponse
      try {
        result = answer(req)
      } catch (err) {
        result = json(500, { message: err instanceof Error ? err.message : 'internal error' })
      }
      entry.status = result.status
      return result
    },
  }
}
