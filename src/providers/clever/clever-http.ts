import type { z } from 'zod'
import { ResponseShapeError } from '../../errors.js'
import {
  bodyLinkPages,
  type HttpClient,
  type Page,
  type Paginator,
  type RateGovernor,
  type ResponseMeta,
  type SearchParamsInit,
} from '../../transport/index.js'
import type { ResolvedCleverOptions } from './client-options.js'

/**
 * The Clever client's use of the shared HTTP core: typed single reads and `links[rel=next]`
 * listings, wire validation, and the `X-Ratelimit-*` headers fed to the shared rate governor.
 *
 * @module
 */

/** What the resources, events feed, pull and connection test share. */
export interface CleverHttp {
  /** The shared HTTP client. */
  readonly http: HttpClient
  /** Options after defaults. */
  readonly options: ResolvedCleverOptions
  /** The request-rate budget of the token. */
  readonly governor: RateGovernor
  /** GETs one record (`{ data: … }`) and checks it against `schema`. */
  getRecord<T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<{ record: T; meta: ResponseMeta }>
  /** A paginated listing of records checked against `schema`. */
  list<T extends { id: string }>(path: string, schema: z.ZodType<T>, request?: CleverListRequest<T>): Paginator<T>
}

/** Options of one listing. */
export interface CleverListRequest<T> {
  /** Query parameters besides `limit` (e.g. `role`, `starting_after`, repeated `record_type`). */
  searchParams?: ReadonlyArray<readonly [string, string]> | undefined
  /** Records per page. @default the client's page size */
  limit?: number | undefined
  /** Collection name for completeness records and progress. @default the path */
  collection?: string | undefined
  /** Cancels the listing. */
  signal?: AbortSignal | undefined
  /** Called after each page. */
  onPage?: ((page: Page<T>) => void) | undefined
}

function shapeError(what: string, meta: ResponseMeta, issues: readonly z.core.$ZodIssue[]): ResponseShapeError {
  return new ResponseShapeError(
    `Clever GET ${meta.url} returned ${what}`,
    { provider: 'clever', method: 'GET', url: meta.url, status: meta.status },
    issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
  )
}

/**
 * Builds the shared Clever request helpers around an HTTP client.
 * @param http - the HTTP client (bearer auth, base URL at the API origin)
 * @param options - resolved client options
 * @param governor - the token's rate governor (also given to `http`)
 */
export function createCleverHttp(http: HttpClient, options: ResolvedCleverOptions, governor: RateGovernor): CleverHttp {
  // Clever says how many requests remain in the current minute; when none do, hold every request
  // sharing the governor until the window resets instead of spending retries on 429s.
  const honourRateHeaders = (meta: ResponseMeta): void => {
    const remaining = meta.headers.get('x-ratelimit-remaining')
    const reset = Number(meta.headers.get('x-ratelimit-reset'))
    if (remaining === null || Number(remaining) > 0 || !Number.isFinite(reset) || reset <= 0) return
    const waitMs = Math.min(reset * 1000 - options.now(), 61_000)
    if (waitMs > 0) governor.pause(waitMs)
  }
  const path = (p: string) => `${options.prefix}/${p}`
  return {
    http,
    options,
    governor,
    async getRecord(p, schema, signal) {
      const response = await http.getJson(path(p), { envelopeKey: 'data', signal })
      honourRateHeaders(response.meta)
      const parsed = schema.safeParse((response.body as { data?: unknown }).data)
      if (!parsed.success) throw shapeError('a record of an unexpected shape', response.meta, parsed.error.issues)
      return { record: parsed.data, meta: response.meta }
    },
    list(p, schema, request = {}) {
      const searchParams: SearchParamsInit = [
        ['limit', String(request.limit ?? options.pageSize)],
        ...(request.searchParams ?? []),
      ]
      return http.paginate({
        path: path(p),
        searchParams,
        strategy: bodyLinkPages(),
        envelopeKey: 'data',
        collection: request.collection ?? p,
        signal: request.signal,
        select: (body, meta) => {
          const data = (body as { data?: unknown }).data
          if (!Array.isArray(data)) throw shapeError('a body whose `data` is not a list', meta, [])
          return data
        },
        map: (raw, meta) => {
          const parsed = schema.safeParse((raw as { data?: unknown } | null)?.data)
          if (!parsed.success) throw shapeError('a record of an unexpected shape', meta, parsed.error.issues)
          return parsed.data
        },
        idOf: (item) => item.id,
        onPage: (page) => {
          honourRateHeaders(page.meta)
          request.onPage?.(page)
        },
      })
    },
  }
}
