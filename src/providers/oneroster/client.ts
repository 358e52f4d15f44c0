/**
 * `createOneRosterClient`: every rostering read of OneRoster 1.1 and 1.2 as typed resources, a
 * canonical `pull()`, and `testConnection()`, on the shared HTTP core.
 *
 * @module
 */
import type { AuthStrategy, FetchFunction } from '../../auth/index.js'
import { ConfigurationError, ResponseShapeError } from '../../errors.js'
import type {
  ConnectionDiagnosis,
  PullOptions,
  Roster,
  RosterSource,
  TestConnectionOptions,
} from '../../model/index.js'
import type {
  HttpClient,
  Paginator,
  RateGovernor,
  ResponseMeta,
  SleepFunction,
  TransportHooks,
} from '../../transport/index.js'
import { createHttpClient } from '../../transport/index.js'
import { createAuthStrategy, type OneRosterAuth } from './auth-options.js'
import { resolveBaseUrls } from './base-url.js'
import {
  COLLECTION_ENDPOINTS,
  NESTED_ENDPOINTS,
  type NestedCollectionName,
  nestedPath,
  type OneRosterCollectionName,
} from './endpoints.js'
import { and, type Filter, where } from './filter.js'
import { filterFieldNames } from './filter-fields.js'
import { pullRoster } from './pull.js'
import { diagnoseConnection } from './test-connection.js'
import { resolveVendorProfile, type VendorId, type VendorProfile } from './vendors/index.js'
import { FIELD_SPECS, type OneRosterVersion, type WireRecordKind } from './wire/field-spec.js'
import { type ReadContext, readWireRecord } from './wire/read-record.js'
import type {
  OneRosterAcademicSession,
  OneRosterClass,
  OneRosterCourse,
  OneRosterDemographics,
  OneRosterEnrollment,
  OneRosterOrg,
  OneRosterWireRecords,
} from './wire/wire-types.js'
import type { WarningSink } from './wire/wire-warning.js'

/** Options of {@link createOneRosterClient}. */
export interface OneRosterClientOptions<V extends OneRosterVersion = OneRosterVersion> {
  /** The server root or the versioned base (`…/ims/oneroster/v1p1`, `…/ims/oneroster/rostering/v1p2`); both work. */
  baseUrl: string | URL
  /** OneRoster version the provider serves. */
  version: V
  /** How to authenticate: `oauth1`, `oauth2` (client credentials) or `bearer`. */
  auth: OneRosterAuth
  /**
   * Vendor profile id or a custom profile: page sizes, count headers, unsupported endpoints, date format.
   * @default 'generic'
   */
  vendor?: VendorId | VendorProfile | undefined
  /**
   * Records per page to ask for.
   * @default the vendor profile's (500 for generic)
   */
  pageSize?: number | undefined
  /**
   * Requests in flight at once.
   * @default the vendor profile's (4 for generic)
   */
  concurrency?: number | undefined
  /**
   * Retries per request on 408/429/5xx and network faults.
   * @default 4
   */
  maxRetries?: number | undefined
  /**
   * Per-attempt timeout in milliseconds.
   * @default 30_000
   */
  timeoutMs?: number | undefined
  /**
   * `fetch` used for every request, token requests included.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined
  /**
   * Turn every departure from the spec into a `ResponseShapeError` instead of a warning.
   * @default false
   */
  strict?: boolean | undefined
  /** Receives every departure from the spec found by `list()` and `get()` reads (pulls collect their own). */
  onWarning?: WarningSink | undefined
  /**
   * DANGEROUS: allow plain `http:` to a loopback host (127.0.0.1, ::1, localhost), for local test
   * servers only. Credentials would otherwise travel unencrypted.
   * @default false
   */
  allowInsecureLoopback?: boolean | undefined
  /** Request-rate limit, possibly shared with other clients of the same district. */
  rateGovernor?: RateGovernor | undefined
  /** Logging and progress hooks; they receive redacted data only. */
  hooks?: TransportHooks | undefined
  /** Sleep between retries, injectable so tests capture delays. */
  sleep?: SleepFunction | undefined
}

/** Options of a collection read. */
export interface ListOptions {
  /**
   * A filter built with `where()`, written for the client's version (`where('role')` on users is
   * `role` in 1.1 and `roles.role` in 1.2), or a raw filter expression sent as it is.
   */
  filter?: Filter | string | undefined
  /** Only these fields (providers may ignore it). */
  fields?: readonly string[] | undefined
  /** Field to sort by. */
  sort?: string | undefined
  /** Sort direction, with `sort`. */
  orderBy?: 'asc' | 'desc' | undefined
  /**
   * Records per page.
   * @default the client's page size
   */
  pageSize?: number | undefined
  /** Cancels the iteration. */
  signal?: AbortSignal | undefined
}

/** Options of a single-record read. */
export interface GetOptions {
  /** Only these fields. */
  fields?: readonly string[] | undefined
  /** Cancels the request. */
  signal?: AbortSignal | undefined
}

/** A top-level collection with single reads. */
export interface CollectionResource<T> {
  /** Lists the collection page by page. */
  list(options?: ListOptions): Paginator<T>
  /**
   * Reads one record.
   * @throws {NotFoundError} when the sourcedId is unknown
   */
  get(sourcedId: string, options?: GetOptions): Promise<T>
}

/** A OneRoster REST client; also a {@link RosterSource} for the sync layer. */
export interface OneRosterClient<V extends OneRosterVersion = OneRosterVersion> extends RosterSource {
  /** The version this client speaks. */
  readonly version: V
  /** The vendor profile in use. */
  readonly profile: VendorProfile
  /** The versioned base URL requests go to. */
  readonly baseUrl: string
  /** `/academicSessions` */
  readonly academicSessions: CollectionResource<OneRosterAcademicSession>
  /** `/classes`, with `/classes/{id}/students` and `/classes/{id}/teachers`. */
  readonly classes: CollectionResource<OneRosterClass> & {
    students(classId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
    teachers(classId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
  }
  /** `/courses`, with `/courses/{id}/classes`. */
  readonly courses: CollectionResource<OneRosterCourse> & {
    classes(courseId: string, options?: ListOptions): Paginator<OneRosterClass>
  }
  /** `/demographics` (a privileged scope on most providers). */
  readonly demographics: CollectionResource<OneRosterDemographics>
  /** `/enrollments` */
  readonly enrollments: CollectionResource<OneRosterEnrollment>
  /** `/gradingPeriods` */
  readonly gradingPeriods: CollectionResource<OneRosterAcademicSession>
  /** `/orgs` */
  readonly orgs: CollectionResource<OneRosterOrg>
  /** `/schools` and its sub-collections. */
  readonly schools: CollectionResource<OneRosterOrg> & {
    classes(schoolId: string, options?: ListOptions): Paginator<OneRosterClass>
    courses(schoolId: string, options?: ListOptions): Paginator<OneRosterCourse>
    enrollments(schoolId: string, options?: ListOptions): Paginator<OneRosterEnrollment>
    students(schoolId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
    teachers(schoolId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
    terms(schoolId: string, options?: ListOptions): Paginator<OneRosterAcademicSession>
    classEnrollments(schoolId: string, classId: string, options?: ListOptions): Paginator<OneRosterEnrollment>
    classStudents(schoolId: string, classId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
    classTeachers(schoolId: string, classId: string, options?: ListOptions): Paginator<OneRosterWireRecords<V>['user']>
  }
  /** `/students`, with `/students/{id}/classes`. */
  readonly students: CollectionResource<OneRosterWireRecords<V>['user']> & {
    classes(studentId: string, options?: ListOptions): Paginator<OneRosterClass>
  }
  /** `/teachers`, with `/teachers/{id}/classes`. */
  readonly teachers: CollectionResource<OneRosterWireRecords<V>['user']> & {
    classes(teacherId: string, options?: ListOptions): Paginator<OneRosterClass>
  }
  /** `/terms`, with `/terms/{id}/classes` and `/terms/{id}/gradingPeriods`. */
  readonly terms: CollectionResource<OneRosterAcademicSession> & {
    classes(termId: string, options?: ListOptions): Paginator<OneRosterClass>
    gradingPeriods(termId: string, options?: ListOptions): Paginator<OneRosterAcademicSession>
  }
  /** `/users`, with `/users/{id}/classes`. */
  readonly users: CollectionResource<OneRosterWireRecords<V>['user']> & {
    classes(userId: string, options?: ListOptions): Paginator<OneRosterClass>
  }
}

/** Internals shared by the client's parts (pull, test connection). */
export interface ClientInternals {
  http: HttpClient
  version: OneRosterVersion
  profile: VendorProfile
  baseUrls: ReturnType<typeof resolveBaseUrls>
  auth: OneRosterAuth
  pageSize: number
  strict: boolean
  observed: ObservedHeaders
  list<T>(
    path: string,
    kind: WireRecordKind,
    listKey: string,
    options: ListOptions,
    warn: WarningSink,
    collection?: string,
    map?: (record: Record<string, unknown>) => T,
  ): Paginator<T>
  makeHttp(baseUrl: string, authenticated?: boolean): HttpClient
}

/** Headers of the last responses, observed for diagnoses the error classes do not carry. */
export interface ObservedHeaders {
  /** `WWW-Authenticate` of the last 401. */
  wwwAuthenticate?: string
  /** `Date` of the last response. */
  date?: string
  /** Local time when that `Date` was received. */
  receivedAt?: number
  /** `Content-Type` of the last response. */
  contentType?: string
}

function renderFilter(
  filter: Filter | string | undefined,
  profile: VendorProfile,
  version: OneRosterVersion,
  kind: WireRecordKind,
): string | undefined {
  if (filter === undefined) return undefined
  // A raw string is the caller's exact expression; a built filter is written for this version.
  return typeof filter === 'string'
    ? filter
    : filter.toString({ dateFormat: profile.filterDateFormat, fieldNames: filterFieldNames(version, kind) })
}

function shapeError(meta: ResponseMeta, message: string): ResponseShapeError {
  return new ResponseShapeError(message, { provider: 'oneroster', method: 'GET', url: meta.url, status: meta.status })
}

/** True for a non-empty list whose every entry is an object with a string `sourcedId`. */
function looksLikeRecords(list: readonly unknown[]): boolean {
  return (
    list.length > 0 &&
    list.every(
      (r) => typeof r === 'object' && r !== null && typeof (r as { sourcedId?: unknown }).sourcedId === 'string',
    )
  )
}

/**
 * Creates a OneRoster REST 1.1 or 1.2 client.
 *
 * @example
 * ```ts
 * const client = createOneRosterClient({
 *   baseUrl: 'https://sis.example.org/ims/oneroster/v1p1',
 *   version: '1.1',
 *   auth: { type: 'oauth1', clientId: key, clientSecret: secret },
 *   vendor: 'classlink',
 * })
 * for await (const user of client.users.list({ filter: where('role').eq('student') })) console.log(user.sourcedId)
 * ```
 * @param options - base URL, version, auth, vendor profile and transport options
 * @throws {ConfigurationError} when the base URL or options are invalid
 */
export function createOneRosterClient<V extends OneRosterVersion>(
  options: OneRosterClientOptions<V>,
): OneRosterClient<V> {
  const version = options.version
  if (version !== '1.1' && version !== '1.2') {
    throw new ConfigurationError(`version must be '1.1' or '1.2', got ${String(version)}`)
  }
  const profile = resolveVendorProfile(options.vendor)
  const baseUrls = resolveBaseUrls(options.baseUrl, version)
  const allowInsecureLoopback = options.allowInsecureLoopback ?? false
  const pageSize = Math.min(options.pageSize ?? profile.pageSize, profile.maxPageSize ?? Number.POSITIVE_INFINITY)
  const strict = options.strict ?? false
  const observed: ObservedHeaders = {}
  const baseFetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  // Observes the headers the error classes do not carry (WWW-Authenticate, Date) for testConnection.
  const observingFetch: FetchFunction = async (input, init) => {
    const response = await baseFetch(input, init)
    const date = response.headers.get('date')
    if (date !== null) {
      observed.date = date
      observed.receivedAt = Date.now()
    }
    const challenge = response.headers.get('www-authenticate')
    if (challenge !== null) observed.wwwAuthenticate = challenge
    const type = response.headers.get('content-type')
    if (type !== null) observed.contentType = type
    return response
  }
  const authStrategy: AuthStrategy = createAuthStrategy(options.auth, version, profile, allowInsecureLoopback)
  const makeHttp = (baseUrl: string, authenticated = true) =>
    createHttpClient({
      baseUrl: `${baseUrl}/`,
      provider: 'oneroster',
      ...(authenticated ? { auth: authStrategy } : {}),
      fetch: observingFetch,
      maxRetries: options.maxRetries,
      timeoutMs: options.timeoutMs,
      concurrency: options.concurrency ?? profile.concurrency,
      rateGovernor: options.rateGovernor,
      allowInsecureLoopback,
      hooks: options.hooks,
      sleep: options.sleep,
    })
  const http = makeHttp(baseUrls.versioned)
  const defaultWarn: WarningSink = options.onWarning ?? (() => {})

  const sinkFor =
    (warn: WarningSink, meta: ResponseMeta): WarningSink =>
    (w) => {
      if (strict) {
        throw shapeError(
          meta,
          `Record ${w.sourcedId ?? ''} departs from the OneRoster ${version} spec: ${w.path} ${w.message}`,
        )
      }
      warn(w)
    }

  function list<T>(
    path: string,
    kind: WireRecordKind,
    listKey: string,
    opts: ListOptions,
    warn: WarningSink,
    collection?: string,
    map?: (record: Record<string, unknown>) => T,
  ): Paginator<T> {
    const spec = FIELD_SPECS[version][kind]
    let readMeta: ResponseMeta | undefined
    let readCtx: ReadContext | undefined
    const searchParams: Record<string, string | undefined> = {
      filter: renderFilter(opts.filter, profile, version, kind),
      fields: opts.fields?.join(','),
      sort: opts.sort,
      orderBy: opts.orderBy,
    }
    return http.paginate<T>({
      path,
      searchParams,
      strategy: {
        kind: 'offset-limit',
        pageSize: opts.pageSize ?? pageSize,
        totalHeaders: profile.countHeaders,
        // Following Link rel=next serialises the read; offset arithmetic lets pages be fetched in parallel.
        followLinkHeader: false,
      },
      select: (body, meta) => {
        if (Array.isArray(body)) {
          sinkFor(
            warn,
            meta,
          )({ code: 'bare-array', path: '', message: `${path} answered a bare array, not {${listKey}}` })
          return body
        }
        if (typeof body === 'object' && body !== null) {
          const items = (body as Record<string, unknown>)[listKey]
          if (Array.isArray(items)) return items
          // Another key holding records is a known departure and is read with a warning. Anything
          // else (`{"data":[]}`, a gateway's `{"errors":[…]}`) is not this collection: read as
          // empty it would claim every record is gone.
          const arrays = Object.entries(body).filter(([, v]) => Array.isArray(v))
          const only = arrays.length === 1 ? arrays[0] : undefined
          if (only !== undefined && looksLikeRecords(only[1] as unknown[])) {
            sinkFor(
              warn,
              meta,
            )({
              code: 'missing-envelope',
              path: '',
              message: `${path} answered under "${only[0]}" instead of "${listKey}"`,
            })
            return only[1] as unknown[]
          }
        }
        throw shapeError(meta, `GET ${path} did not answer a OneRoster "${listKey}" collection`)
      },
      map: (raw, meta) => {
        // One read context per page, not per record: records of a page share its response meta.
        if (meta !== readMeta || readCtx === undefined) {
          readMeta = meta
          readCtx = { version, warn: sinkFor(warn, meta), baseUrl: baseUrls.versioned }
        }
        const record = readWireRecord(raw, spec, readCtx)
        if (record === undefined) return undefined
        return map === undefined ? (record as T) : map(record)
      },
      idOf: (item) => {
        const id = (item as { sourcedId?: unknown }).sourcedId
        return typeof id === 'string' ? id : undefined
      },
      collection: collection ?? path,
      signal: opts.signal,
    })
  }

  function collection<T>(name: OneRosterCollectionName): CollectionResource<T> {
    const endpoint = COLLECTION_ENDPOINTS[name]
    const spec = FIELD_SPECS[version][endpoint.kind]
    return {
      list: (opts = {}) => list<T>(endpoint.path, endpoint.kind, endpoint.listKey, opts, defaultWarn),
      get: async (sourcedId, opts = {}) => {
        const { body, meta } = await http.getJson<Record<string, unknown>>(
          `${endpoint.path}/${encodeURIComponent(sourcedId)}`,
          {
            searchParams: { fields: opts.fields?.join(',') },
            signal: opts.signal,
            envelopeKey: endpoint.singleKey,
          },
        )
        const record = readWireRecord(body[endpoint.singleKey], spec, {
          version,
          warn: sinkFor(defaultWarn, meta),
          baseUrl: baseUrls.versioned,
        })
        if (record === undefined) throw shapeError(meta, `GET ${endpoint.path}/${sourcedId} answered no record`)
        return record as T
      },
    }
  }

  function nested<T>(name: NestedCollectionName, ids: string[], opts: ListOptions = {}): Paginator<T> {
    const endpoint = NESTED_ENDPOINTS[name]
    if (profile.unsupportedNested.includes(name) && endpoint.fallback !== undefined) {
      // The provider lacks this sub-collection: read the top-level one filtered to the same parent.
      const fb = endpoint.fallback
      const top = COLLECTION_ENDPOINTS[fb.collection]
      const parts = fb.filterFields.map((field, i) => where(field).eq(ids[i] ?? ''))
      const extra = opts.filter === undefined ? [] : [typeof opts.filter === 'string' ? undefined : opts.filter]
      if (extra[0] === undefined && opts.filter !== undefined) {
        throw new ConfigurationError(`${name} on ${profile.name} needs a filter built with where(), not a raw string`)
      }
      const filter = and(...parts, ...(extra as Filter[]))
      return list<T>(top.path, top.kind, top.listKey, { ...opts, filter }, defaultWarn, name)
    }
    return list<T>(nestedPath(endpoint, ids), endpoint.kind, endpoint.listKey, opts, defaultWarn, name)
  }

  const internals: ClientInternals = {
    http,
    version,
    profile,
    baseUrls,
    auth: options.auth,
    pageSize,
    strict,
    observed,
    list,
    makeHttp,
  }
  type U = OneRosterWireRecords<V>['user']
  const client: OneRosterClient<V> = {
    kind: 'oneroster-rest',
    label: `OneRoster ${version} (${profile.id})`,
    supportsIncremental: true,
    version,
    profile,
    baseUrl: baseUrls.versioned,
    academicSessions: collection('academicSessions'),
    classes: {
      ...collection<OneRosterClass>('classes'),
      students: (id, o) => nested<U>('studentsForClass', [id], o),
      teachers: (id, o) => nested<U>('teachersForClass', [id], o),
    },
    courses: { ...collection<OneRosterCourse>('courses'), classes: (id, o) => nested('classesForCourse', [id], o) },
    demographics: collection('demographics'),
    enrollments: collection('enrollments'),
    gradingPeriods: collection('gradingPeriods'),
    orgs: collection('orgs'),
    schools: {
      ...collection<OneRosterOrg>('schools'),
      classes: (id, o) => nested('classesForSchool', [id], o),
      courses: (id, o) => nested('coursesForSchool', [id], o),
      enrollments: (id, o) => nested('enrollmentsForSchool', [id], o),
      students: (id, o) => nested<U>('studentsForSchool', [id], o),
      teachers: (id, o) => nested<U>('teachersForSchool', [id], o),
      terms: (id, o) => nested('termsForSchool', [id], o),
      classEnrollments: (id, classId, o) => nested('enrollmentsForClassInSchool', [id, classId], o),
      classStudents: (id, classId, o) => nested<U>('studentsForClassInSchool', [id, classId], o),
      classTeachers: (id, classId, o) => nested<U>('teachersForClassInSchool', [id, classId], o),
    },
    students: { ...collection<U>('students'), classes: (id, o) => nested('classesForStudent', [id], o) },
    teachers: { ...collection<U>('teachers'), classes: (id, o) => nested('classesForTeacher', [id], o) },
    terms: {
      ...collection<OneRosterAcademicSession>('terms'),
      classes: (id, o) => nested('classesForTerm', [id], o),
      gradingPeriods: (id, o) => nested('gradingPeriodsForTerm', [id], o),
    },
    users: { ...collection<U>('users'), classes: (id, o) => nested('classesForUser', [id], o) },
    pull: (pullOptions?: PullOptions): Promise<Roster> => pullRoster(internals, pullOptions ?? {}),
    testConnection: (testOptions?: TestConnectionOptions): Promise<ConnectionDiagnosis> =>
      diagnoseConnection(internals, testOptions ?? {}),
  }
  return client
}
