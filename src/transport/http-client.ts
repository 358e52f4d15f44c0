import ky from 'ky'
import { z } from 'zod'
import type { AuthContext, AuthStrategy, FetchFunction } from '../auth/auth-strategy.js'
import {
  AbortedError,
  ConfigurationError,
  ConnectionError,
  CrossOriginError,
  type HttpErrorContext,
  isRosterkitError,
  type ProviderName,
  ResponseShapeError,
  TimeoutError,
} from '../errors.js'
import { anySignal } from '../internal/any-signal.js'
import { parseConfiguredUrl } from '../internal/configured-url.js'
import { assertSecureUrl } from '../internal/insecure-url.js'
import { bodySnippet, createSecretRegistry, redactHeaders, redactUrl } from '../internal/redact.js'
import { parseRetryAfter } from '../internal/retry-after.js'
import { assertSameOrigin } from '../internal/same-origin.js'
import { setSearchParams } from '../internal/search-params.js'
import { sleep as defaultSleep } from '../internal/sleep.js'
import { looksTruncated } from '../internal/truncated-json.js'
import { createGate } from './concurrency.js'
import { createPaginator, type DeferredJsonResponse } from './paginator.js'
import { readBodyCapped } from './read-body.js'
import { type RetryPolicy, withRetries } from './retry-policy.js'
import { requestIdOf, toApiError } from './to-http-error.js'
import type {
  GetJsonOptions,
  HttpClient,
  HttpClientOptions,
  JsonResponse,
  PaginateOptions,
  Paginator,
  ResponseMeta,
  SearchParamsInit,
  TransportHooks,
} from './types.js'

/**
 * The HTTP client every provider uses: a ky 1.x instance with ky's own retry off, wrapped in one
 * retry policy, a concurrency gate, an optional rate governor, per-attempt auth, the same-origin
 * guard, a body size cap and response-shape checks.
 *
 * @module
 */

const DEFAULTS = {
  maxRetries: 4,
  timeoutMs: 30_000,
  concurrency: 4,
  maxResponseBytes: 64 * 1024 * 1024,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
} as const

const MAX_REDIRECTS = 5
const ERROR_BODY_BYTES = 64 * 1024

const numericOptions = z.object({
  maxRetries: z.number().int().min(0).max(20).optional(),
  timeoutMs: z.number().positive().optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  maxResponseBytes: z.number().int().positive().optional(),
  retry: z
    .object({
      minDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
      maxRetryAfterMs: z.number().min(0).optional(),
    })
    .optional(),
})

/** Hooks whose events pass through `redact` first: a URL or header may carry a known secret. */
function redactingHooks(hooks: TransportHooks, redact: <T>(value: T) => T): TransportHooks {
  const wrap =
    <E>(hook: ((event: E) => void) | undefined) =>
    (event: E): void =>
      hook?.(redact(event))
  return {
    onRequest: hooks.onRequest && wrap(hooks.onRequest),
    onResponse: hooks.onResponse && wrap(hooks.onResponse),
    onRetry: hooks.onRetry && wrap(hooks.onRetry),
    onThrottle: hooks.onThrottle && wrap(hooks.onThrottle),
  }
}

/** A successful response read as text, before its JSON is parsed. */
interface TextResponse {
  text: string
  response: Response
  url: URL
  meta: ResponseMeta
}

/** Internal per-request settings after defaults. */
interface RequestSettings {
  signal: AbortSignal | undefined
  timeoutMs: number
  envelopeKey: string | undefined
  maxRetries: number
  headers: Readonly<Record<string, string>> | undefined
}

/**
 * Creates the HTTP client every provider uses.
 * @param options - base URL, provider, auth and transport settings
 * @throws {ConfigurationError} on invalid options or a plain-http base URL that is not allowed
 * @example
 * ```ts
 * const http = createHttpClient({
 *   baseUrl: 'https://sis.example/ims/oneroster/v1p1/',
 *   provider: 'oneroster',
 *   auth: createOAuth1Auth({ clientId, clientSecret }),
 * })
 * const { body } = await http.getJson('orgs', { envelopeKey: 'orgs' })
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const parsed = numericOptions.safeParse({
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    maxResponseBytes: options.maxResponseBytes,
    retry: options.retry,
  })
  if (!parsed.success) {
    throw new ConfigurationError(
      'Invalid HTTP client options',
      parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
    )
  }
  const baseUrl = parseConfiguredUrl(options.baseUrl, 'baseUrl')
  const allowInsecureLoopback = options.allowInsecureLoopback === true
  assertSecureUrl(baseUrl, allowInsecureLoopback, 'baseUrl')

  const provider: ProviderName = options.provider
  const fetchFn: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const auth: AuthStrategy | undefined = options.auth
  const extraSecrets = options.secrets ?? []
  const secrets = createSecretRegistry(() => [...extraSecrets, ...(auth?.secrets?.() ?? [])])
  const hooks = redactingHooks(options.hooks ?? {}, secrets.redactDeep)
  const governor = options.rateGovernor
  const now = options.now ?? Date.now
  const concurrency = options.concurrency ?? DEFAULTS.concurrency
  const gate = createGate(concurrency)
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULTS.maxResponseBytes
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  const policy: Omit<RetryPolicy, 'maxRetries'> = {
    minDelayMs: options.retry?.minDelayMs ?? DEFAULTS.minDelayMs,
    maxDelayMs: options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  }
  const api = ky.create({ retry: 0, throwHttpErrors: false, timeout: false, fetch: fetchFn, redirect: 'manual' })

  // A relative path joins the base path, so 'users' under '…/v1p1' is '…/v1p1/users'.
  const basePath = new URL(baseUrl.href)
  if (!basePath.pathname.endsWith('/')) basePath.pathname += '/'
  basePath.search = ''
  basePath.hash = ''

  function resolveUrl(pathOrUrl: string | URL, searchParams?: SearchParamsInit): URL {
    const raw = String(pathOrUrl)
    const url =
      /^[a-z][a-z0-9+.-]*:|^\/\//i.test(raw) || raw.startsWith('/') ? new URL(raw, baseUrl) : new URL(raw, basePath)
    assertSameOrigin(url, baseUrl, provider)
    setSearchParams(url, searchParams)
    return url
  }

  function contextOf(url: URL, extra: Partial<HttpErrorContext> = {}): HttpErrorContext {
    return { provider, method: 'GET', url: redactUrl(url), ...extra }
  }

  /** Sends one request (following same-origin redirects), returning the final response. */
  async function send(
    url: URL,
    settings: RequestSettings,
    attempt: number,
    signal: AbortSignal,
  ): Promise<{ response: Response; url: URL }> {
    let current = url
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...settings.headers }
      const authContext: AuthContext = {
        fetch: fetchFn,
        signal,
        attempt,
        provider,
        allowInsecureLoopback,
        timeoutMs: settings.timeoutMs,
      }
      const started = now()
      const target = current
      const response = await api.get(target, {
        headers,
        signal,
        hooks: {
          beforeRequest: [
            async (request) => {
              const authorised = auth ? await auth.authorize(request, authContext) : request
              hooks.onRequest?.({
                method: 'GET',
                url: redactUrl(target),
                attempt,
                headers: redactHeaders(authorised.headers),
              })
              return authorised
            },
          ],
        },
      })
      hooks.onResponse?.({
        method: 'GET',
        url: redactUrl(target),
        attempt,
        status: response.status,
        durationMs: now() - started,
        requestId: requestIdOf(response.headers),
      })
      const location = response.headers.get('location')
      const isRedirect =
        response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && location)
      if (!isRedirect) return { response, url: target }
      await response.body?.cancel().catch(() => undefined)
      const next = location ? new URL(location, target) : undefined
      if (next === undefined || next.origin !== baseUrl.origin || hop >= MAX_REDIRECTS) {
        throw new CrossOriginError(
          `${provider} GET ${redactUrl(target)} redirected ${next ? `to ${next.origin === 'null' ? `a ${next.protocol} URL` : next.origin}` : 'to an unknown location'}; the redirect was not followed and no credentials were sent`,
          contextOf(target, {
            status: response.status,
            hint: 'The server redirects off its API host. Check the base URL (scheme, host, path).',
          }),
        )
      }
      current = next
    }
  }

  /** One attempt: gate, governor, timeout, auth (with one refresh after a 401), parse. */
  async function attemptOnce(url: URL, settings: RequestSettings, attempt: number): Promise<TextResponse> {
    return gate(async () => {
      if (governor) {
        const waited = await governor.acquire(settings.signal)
        if (waited > 0) hooks.onThrottle?.({ method: 'GET', url: redactUrl(url), waitMs: waited })
      }
      const timeout = new AbortController()
      const timer = setTimeout(
        () => timeout.abort(new Error(`timed out after ${settings.timeoutMs} ms`)),
        settings.timeoutMs,
      )
      const signal = settings.signal ? anySignal([settings.signal, timeout.signal]) : timeout.signal
      const failure = (error: unknown, at: URL): unknown => {
        if (settings.signal?.aborted) return new AbortedError(undefined, { cause: settings.signal.reason })
        if (timeout.signal.aborted)
          return new TimeoutError(
            `${provider} GET ${redactUrl(at)} timed out after ${settings.timeoutMs} ms`,
            contextOf(at, { hint: 'The server is slow. Try again later, or raise timeoutMs.' }),
            { cause: error },
          )
        if (isRosterkitError(error)) return error
        return new ConnectionError(
          `${provider} GET ${redactUrl(at)} failed: no usable response (${error instanceof Error ? error.message : String(error)})`,
          contextOf(at, { hint: 'Check the host name, the network and TLS; the server may be down.' }),
          { cause: error },
        )
      }
      try {
        let refreshed = false
        for (;;) {
          let exchange: { response: Response; url: URL }
          try {
            exchange = await send(url, settings, attempt, signal)
          } catch (error) {
            throw failure(error, url)
          }
          const { response } = exchange
          if (response.status === 401 && auth?.invalidate && !refreshed) {
            await response.body?.cancel().catch(() => undefined)
            refreshed = true
            auth.invalidate()
            hooks.onRetry?.({
              method: 'GET',
              url: redactUrl(url),
              attempt,
              waitMs: 0,
              reason: '401-refresh',
              status: 401,
            })
            continue
          }
          let bytes: Uint8Array
          try {
            bytes = await readBodyCapped(
              response,
              response.ok ? maxResponseBytes : Math.min(maxResponseBytes, ERROR_BODY_BYTES),
              contextOf(url, { status: response.status }),
            )
          } catch (error) {
            if (!response.ok && isRosterkitError(error) && error.code === 'ROSTERKIT_RESPONSE_TOO_LARGE')
              bytes = new Uint8Array(0)
            else throw failure(error, url)
          }
          const text = new TextDecoder().decode(bytes)
          if (response.ok && looksTruncated(text) && !/html/i.test(response.headers.get('content-type') ?? '')) {
            // The connection ended before the JSON did: as transient as a reset, so retried like one.
            throw new ConnectionError(
              `${provider} GET ${redactUrl(url)} failed: the response body was cut off after ${bytes.byteLength} bytes`,
              contextOf(url, {
                status: response.status,
                hint: 'A proxy or the server ended the response early. Try again later.',
              }),
            )
          }
          if (!response.ok) {
            const retryAfterMs = parseRetryAfter(response.headers, now())
            if (response.status === 429 && retryAfterMs !== undefined) governor?.pause(retryAfterMs)
            throw toApiError({
              provider,
              method: 'GET',
              url: redactUrl(url),
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
              bodySnippet: bodySnippet(text, 200, secrets.redact),
              retryAfterMs,
            })
          }
          return {
            text,
            response,
            url,
            meta: {
              status: response.status,
              headers: response.headers,
              url: redactUrl(url),
              requestId: requestIdOf(response.headers),
              attempts: attempt,
              bytes: bytes.byteLength,
            },
          }
        }
      } finally {
        clearTimeout(timer)
      }
    })
  }

  function parseJson(text: string, response: Response, url: URL, envelopeKey: string | undefined): unknown {
    const shape = (reason: string, hint: string): ResponseShapeError =>
      new ResponseShapeError(
        `${provider} GET ${redactUrl(url)} returned ${reason}`,
        contextOf(url, {
          status: response.status,
          bodySnippet: bodySnippet(text, 200, secrets.redact),
          hint,
          ...(requestIdOf(response.headers) ? { requestId: requestIdOf(response.headers)! } : {}),
        }),
      )
    const contentType = response.headers.get('content-type') ?? ''
    const trimmed = text.trimStart()
    if (/html/i.test(contentType) || trimmed.startsWith('<')) {
      throw shape(
        'an HTML page where JSON was expected',
        'The URL probably points at a login, proxy or error page. Check the base URL and that the API is enabled.',
      )
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (cause) {
      throw Object.assign(
        shape('a body that is not valid JSON', 'The server sent a broken or truncated response. Try again later.'),
        { cause },
      )
    }
    if (envelopeKey !== undefined) {
      if (typeof body !== 'object' || body === null || Array.isArray(body) || !(envelopeKey in body)) {
        throw shape(
          `JSON without the expected "${envelopeKey}" key`,
          'The endpoint answered, but not with the data it should. Check the base URL and the API version.',
        )
      }
    }
    return body
  }

  async function request(url: URL, perRequest: GetJsonOptions = {}): Promise<JsonResponse> {
    const read = await requestText(url, perRequest)
    return { body: parseJson(read.text, read.response, read.url, perRequest.envelopeKey), meta: read.meta }
  }

  async function requestDeferred(url: URL, perRequest: GetJsonOptions = {}): Promise<DeferredJsonResponse> {
    const read = await requestText(url, perRequest)
    return { meta: read.meta, parse: () => parseJson(read.text, read.response, read.url, perRequest.envelopeKey) }
  }

  async function requestText(url: URL, perRequest: GetJsonOptions): Promise<TextResponse> {
    const settings: RequestSettings = {
      signal: perRequest.signal,
      timeoutMs: perRequest.timeoutMs ?? defaultTimeoutMs,
      envelopeKey: perRequest.envelopeKey,
      maxRetries: perRequest.maxRetries ?? options.maxRetries ?? DEFAULTS.maxRetries,
      headers: perRequest.headers,
    }
    // The same origin is re-checked here because URLs also arrive from paginators.
    assertSameOrigin(url, baseUrl, provider)
    try {
      return await withRetries(
        (attempt) => attemptOnce(url, settings, attempt),
        { ...policy, maxRetries: settings.maxRetries },
        settings.signal,
        ({ attempt, waitMs, error }) => {
          const status = (error as { status?: number }).status
          hooks.onRetry?.({
            method: 'GET',
            url: redactUrl(url),
            attempt,
            waitMs,
            reason:
              status !== undefined ? String(status) : error.code === 'ROSTERKIT_TIMEOUT' ? 'timeout' : 'connection',
            status,
          })
        },
      )
    } catch (error) {
      if (settings.signal?.aborted && !(isRosterkitError(error) && error.code === 'ROSTERKIT_ABORTED')) {
        throw new AbortedError(undefined, { cause: settings.signal.reason })
      }
      // Every error leaves through here: whatever a server quoted back, a secret does not go on.
      throw secrets.scrubError(error)
    }
  }

  const client: HttpClient = {
    baseUrl,
    provider,
    resolveUrl,
    async getJson<T = unknown>(pathOrUrl: string | URL, perRequest: GetJsonOptions = {}): Promise<JsonResponse<T>> {
      const url = resolveUrl(pathOrUrl, perRequest.searchParams)
      return (await request(url, perRequest)) as JsonResponse<T>
    },
    paginate<T = unknown>(paginateOptions: PaginateOptions<T>): Paginator<T> {
      return createPaginator<T>(
        { provider, concurrency, resolveUrl, request, requestDeferred, scrubError: secrets.scrubError },
        paginateOptions,
      )
    },
    redact: (value) => secrets.redactDeep(value),
  }
  return client
}
