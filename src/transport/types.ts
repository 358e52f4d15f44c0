import type { AuthStrategy, FetchFunction } from '../auth/auth-strategy.js'
import type { ProviderName } from '../errors.js'

/**
 * Public contract of the HTTP core shared by every provider: the client, its options, response
 * metadata, the paginator with its next-page strategies, hooks and the rate governor.
 *
 * @module
 */

/** Sleeps `ms` milliseconds; rejects when `signal` aborts. Injectable so tests capture delays. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>

/** Query parameters accepted by requests. `undefined` values are left out. */
export type SearchParamsInit =
  | URLSearchParams
  | Readonly<Record<string, string | number | boolean | undefined>>
  | ReadonlyArray<readonly [string, string]>

/** Header names and values, already redacted. */
export type RedactedHeaders = Readonly<Record<string, string>>

/** A request is about to be sent (one attempt). */
export interface TransportRequestEvent {
  /** HTTP method. */
  method: string
  /** Redacted URL. */
  url: string
  /** 1-based attempt number. */
  attempt: number
  /** Request headers, redacted (Authorization, cookies, keys). */
  headers: RedactedHeaders
}

/** A response arrived (any status). */
export interface TransportResponseEvent {
  /** HTTP method. */
  method: string
  /** Redacted URL. */
  url: string
  /** 1-based attempt number. */
  attempt: number
  /** HTTP status. */
  status: number
  /** Time from sending to the response headers, in milliseconds. */
  durationMs: number
  /** The server's request id, when sent. */
  requestId?: string | undefined
}

/** An attempt failed and the client will try again after `waitMs`. */
export interface TransportRetryEvent {
  /** HTTP method. */
  method: string
  /** Redacted URL. */
  url: string
  /** The attempt that failed (1-based). */
  attempt: number
  /** How long the client waits before the next attempt. */
  waitMs: number
  /** Why: an HTTP status (`429`, `503`), `timeout`, `connection` or `401-refresh`. */
  reason: string
  /** HTTP status of the failed attempt, when a response arrived. */
  status?: number | undefined
}

/** The client waits before sending because the rate governor says so. */
export interface TransportThrottleEvent {
  /** HTTP method. */
  method: string
  /** Redacted URL. */
  url: string
  /** How long the request waited for the governor. */
  waitMs: number
}

/** Observers for logging and progress. Every value they receive is already redacted. */
export interface TransportHooks {
  /** Before each attempt is sent. */
  onRequest?: ((event: TransportRequestEvent) => void) | undefined
  /** When each attempt gets a response. */
  onResponse?: ((event: TransportResponseEvent) => void) | undefined
  /** When a failed attempt will be retried. */
  onRetry?: ((event: TransportRetryEvent) => void) | undefined
  /** When the rate governor delays a request. */
  onThrottle?: ((event: TransportThrottleEvent) => void) | undefined
}

/**
 * Limits the request rate of everything that shares it: one client, or several clients (and
 * workers in one process) using the same district token.
 */
export interface RateGovernor {
  /**
   * Resolves when one more request may be sent; returns how long it waited in milliseconds.
   * @throws {AbortedError} when `signal` aborts while waiting
   */
  acquire(signal?: AbortSignal): Promise<number>
  /** Holds every request back for `ms` (e.g. after a 429 with `Retry-After`). */
  pause(ms: number): void
}

/** Options of `createRateGovernor`. */
export interface RateGovernorOptions {
  /** Requests allowed per interval, e.g. `1200` for Clever. */
  requests: number
  /** Length of the interval in milliseconds, e.g. `60_000`. */
  intervalMs: number
  /**
   * Clock, injectable for tests.
   * @default Date.now
   */
  now?: (() => number) | undefined
  /**
   * Sleep, injectable for tests.
   * @default a `setTimeout`-based sleep that honours the signal
   */
  sleep?: SleepFunction | undefined
}

/** Backoff settings of the retry policy. */
export interface RetryOptions {
  /**
   * First backoff delay in milliseconds; doubles each attempt, with jitter.
   * @default 500
   */
  minDelayMs?: number | undefined
  /**
   * Largest backoff delay in milliseconds.
   * @default 30_000
   */
  maxDelayMs?: number | undefined
  /**
   * Largest wait the client accepts from `Retry-After` / `X-RateLimit-Reset`. A longer one ends the
   * retries with a `RateLimitError` carrying `retryAfterMs`, so a job system can reschedule.
   * @default 120_000
   */
  maxRetryAfterMs?: number | undefined
}

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** Base URL; relative paths resolve against it, and its origin is the only one credentials go to. */
  baseUrl: string | URL
  /** Which provider this client serves; appears in errors. */
  provider: ProviderName
  /** How requests are authorised. By default none. */
  auth?: AuthStrategy | undefined
  /**
   * Further secret values to redact, in every encoding, from this client's errors, hooks and
   * diagnoses (besides those the auth strategy knows), e.g. an app secret used to find the token.
   */
  secrets?: readonly string[] | undefined
  /**
   * The `fetch` used for every request, including OAuth 2 token requests.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined
  /**
   * Retries per GET after the first attempt (408, 425, 429, 5xx, network errors, timeouts).
   * @default 4
   */
  maxRetries?: number | undefined
  /** Backoff and Retry-After clamp. */
  retry?: RetryOptions | undefined
  /**
   * Per-attempt timeout in milliseconds, covering the response body.
   * @default 30_000
   */
  timeoutMs?: number | undefined
  /**
   * Requests in flight at once for this client (also the paginator's prefetch width).
   * @default 4
   */
  concurrency?: number | undefined
  /** Request-rate limit, possibly shared with other clients. By default unlimited. */
  rateGovernor?: RateGovernor | undefined
  /**
   * Largest response body accepted, in bytes; a larger one fails with `ResponseTooLargeError`.
   * @default 67_108_864 (64 MiB)
   */
  maxResponseBytes?: number | undefined
  /**
   * DANGEROUS: allows plain `http:` when the host is loopback (127.0.0.1, ::1, localhost), for
   * local test servers. Never for a real district: credentials would travel unencrypted.
   * @default false
   */
  allowInsecureLoopback?: boolean | undefined
  /** Extra headers on every request (e.g. `Accept-Language`). Never put secrets here; use `auth`. */
  headers?: Readonly<Record<string, string>> | undefined
  /** Logging and progress hooks; they receive redacted data only. */
  hooks?: TransportHooks | undefined
  /**
   * Sleep used between retries, injectable so tests capture delays instead of waiting.
   * @default a `setTimeout`-based sleep that honours the signal
   */
  sleep?: SleepFunction | undefined
  /**
   * Random source in [0, 1) for backoff jitter.
   * @default Math.random
   */
  random?: (() => number) | undefined
  /**
   * Clock used to read `Retry-After` HTTP dates and `X-RateLimit-Reset`.
   * @default Date.now
   */
  now?: (() => number) | undefined
}

/** Per-request options of {@link HttpClient.getJson}. */
export interface GetJsonOptions {
  /** Query parameters added to the URL (after those already in it). */
  searchParams?: SearchParamsInit | undefined
  /** Cancels the request and its retries. */
  signal?: AbortSignal | undefined
  /**
   * Per-attempt timeout for this request.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number | undefined
  /**
   * Key the JSON object must have (e.g. `users`, `data`); a body without it is a
   * `ResponseShapeError`, never an empty result.
   */
  envelopeKey?: string | undefined
  /**
   * Retries for this request.
   * @default the client's `maxRetries`
   */
  maxRetries?: number | undefined
  /** Extra headers for this request. */
  headers?: Readonly<Record<string, string>> | undefined
}

/** Metadata of a response, safe to log. */
export interface ResponseMeta {
  /** HTTP status. */
  status: number
  /** Response headers. */
  headers: Headers
  /** The request URL, redacted. */
  url: string
  /** The server's request id (`X-Request-Id` and similar), when sent. */
  requestId?: string | undefined
  /** Attempts it took (1 = no retry). */
  attempts: number
  /** Size of the body in bytes. */
  bytes: number
}

/** A parsed JSON response. */
export interface JsonResponse<T = unknown> {
  /** The parsed body. */
  body: T
  /** Status, headers, redacted URL. */
  meta: ResponseMeta
}

/**
 * Offset/limit pagination (OneRoster REST). Next page: `Link rel="next"` when the server sends one;
 * else `X-Total-Count` (or `x-count`); else until an empty page. A short page alone never ends the
 * iteration, because servers clamp `limit` silently; the effective page size is read from the
 * first page.
 */
export interface OffsetLimitStrategy {
  /** Discriminant. */
  kind: 'offset-limit'
  /** Page size to ask for. */
  pageSize: number
  /**
   * Query parameter carrying the page size.
   * @default 'limit'
   */
  limitParam?: string | undefined
  /**
   * Query parameter carrying the offset.
   * @default 'offset'
   */
  offsetParam?: string | undefined
  /**
   * Headers that carry the total count, first match wins.
   * @default ['x-total-count', 'x-count']
   */
  totalHeaders?: readonly string[] | undefined
  /**
   * Follow `Link rel="next"` when present.
   * @default true
   */
  followLinkHeader?: boolean | undefined
  /**
   * Fetch later pages concurrently (up to the client's concurrency) when the total is known.
   * @default true
   */
  prefetch?: boolean | undefined
}

/** Cursor pagination through a next link in the body (Clever's `links[rel=next]`). */
export interface BodyLinkStrategy {
  /** Discriminant. */
  kind: 'body-link'
  /** Reads the next URL (absolute or relative to the base URL) from a page body; `undefined` at the end. */
  nextUrl: (body: unknown) => string | undefined
}

/** How the paginator finds the next page. */
export type PageStrategy = OffsetLimitStrategy | BodyLinkStrategy

/** One page of a paginated listing. */
export interface Page<T> {
  /** Items of this page, mapped. */
  items: T[]
  /** 1-based page number. */
  pageNumber: number
  /** Total the server reported, when it did. */
  total?: number | undefined
  /** The request URL, redacted. */
  requestUrl: string
  /** Response metadata. */
  meta: ResponseMeta
}

/** How the paginator knows it has read everything. */
export type CompletenessProof =
  | 'link-exhausted'
  | 'total-reached'
  | 'empty-page'
  | 'cursor-exhausted'
  | 'stopped-early'
  | 'none'

/**
 * What one finished (or broken-off) iteration proves about its own completeness. Later layers
 * refuse to archive on anything where `complete` is false.
 */
export interface PaginationCompleteness {
  /** Collection or endpoint name. */
  collection: string
  /** True only when the iteration read everything and saw nothing suspicious. */
  complete: boolean
  /** How the end was established. */
  proof: CompletenessProof
  /** Pages read. */
  pages: number
  /** Items read (before any `map` drop). */
  items: number
  /** Total the server reported on the first page, when it did. */
  expectedTotal?: number | undefined
  /** True when the reported total differed between pages (data changed mid-pull). */
  totalChanged: boolean
  /** Ids seen more than once (offset drift while data changes), when `idOf` was given. */
  duplicateIds: number
  /** Up to 10 of the duplicate ids, for reports. */
  duplicateIdSamples: string[]
  /** True when a cursor or offset did not advance. */
  nonAdvancingCursor: boolean
  /** Page size asked for (offset/limit). */
  requestedPageSize?: number | undefined
  /** Page size the server actually returned on the first page (offset/limit). */
  effectivePageSize?: number | undefined
  /** Why `complete` is false, for people. Empty when complete. */
  reasons: string[]
}

/** Options of {@link HttpClient.paginate}. */
export interface PaginateOptions<T> {
  /** Path (relative to the base URL) or absolute same-origin URL of the listing. */
  path: string | URL
  /** Query parameters of the first request (filter, sort, fields…). */
  searchParams?: SearchParamsInit | undefined
  /** How the next page is found. */
  strategy: PageStrategy
  /**
   * Picks the raw records out of a page body.
   * @throws {ResponseShapeError} when the body lacks them (use the provided meta for context)
   */
  select: (body: unknown, meta: ResponseMeta) => readonly unknown[]
  /** Key every page body must have; a body without it is a `ResponseShapeError`. */
  envelopeKey?: string | undefined
  /** Maps a raw record to the item type; returning `undefined` drops the record. Default: as is. */
  map?: ((raw: unknown, meta: ResponseMeta) => T | undefined) | undefined
  /** The id of an item, for duplicate detection. */
  idOf?: ((item: T) => string | undefined) | undefined
  /** Collection name for completeness records and errors. Default: the path. */
  collection?: string | undefined
  /** Cancels the iteration. */
  signal?: AbortSignal | undefined
  /** Per-attempt timeout for each page. */
  timeoutMs?: number | undefined
  /** Called after each page is read, in page order. */
  onPage?: ((page: Page<T>) => void) | undefined
}

/** Everything an iteration read, with its completeness record. */
export interface CollectResult<T> {
  /** Every item, in page order. */
  items: T[]
  /** What the iteration proves. */
  completeness: PaginationCompleteness
}

/** Options of {@link Paginator.toArray}. */
export interface ToArrayOptions {
  /** Stop after this many items (required, so nobody loads a district by accident). */
  limit: number
}

/**
 * A lazily paginated listing. Iterate items with `for await`, pages with `.pages()`. Each
 * iteration starts from the first page. A failure on the first page throws the HTTP error itself;
 * a failure after data was read throws `IncompletePullError` with the HTTP error as `cause`.
 */
export interface Paginator<T> extends AsyncIterable<T> {
  /** Iterates page by page, with items, page number, total and request URL. */
  pages(): AsyncIterable<Page<T>>
  /** Reads up to `limit` items. */
  toArray(options: ToArrayOptions): Promise<T[]>
  /**
   * Reads everything.
   * @throws {IncompletePullError} carrying the items read when the pull breaks off part-way
   */
  collect(): Promise<CollectResult<T>>
  /** The completeness record of the last finished or broken-off iteration. */
  readonly completeness: PaginationCompleteness | undefined
}

/** One HTTP client: a ky instance, retry policy, concurrency gate and rate governor. */
export interface HttpClient {
  /** The configured base URL. */
  readonly baseUrl: URL
  /** The provider this client serves. */
  readonly provider: ProviderName
  /**
   * GETs JSON with retries, auth, redaction and shape checks.
   * @throws {ApiError} (and subclasses) on error statuses after retries
   * @throws {ConnectionError}, {TimeoutError}, {ResponseShapeError}, {ResponseTooLargeError}, {CrossOriginError}, {AbortedError}
   */
  getJson<T = unknown>(pathOrUrl: string | URL, options?: GetJsonOptions): Promise<JsonResponse<T>>
  /** A paginated listing sharing this client's machinery. */
  paginate<T = unknown>(options: PaginateOptions<T>): Paginator<T>
  /**
   * Resolves a path or URL against the base URL and checks its origin.
   * @throws {CrossOriginError} when the URL is on another origin
   */
  resolveUrl(pathOrUrl: string | URL, searchParams?: SearchParamsInit): URL
  /**
   * A copy of `value` with every secret this client knows (given to it or received by it) replaced
   * in every encoding: in a string, or in the strings of plain objects and arrays (a diagnosis).
   */
  redact<T>(value: T): T
}
