import { IncompletePullError, isRosterkitError, type ProviderName, type PullProgress } from '../errors.js'
import { anySignal } from '../internal/any-signal.js'
import { findNextLink } from '../internal/link-header.js'
import { redactUrl } from '../internal/redact.js'
import { getSearchParam, setSearchParam } from '../internal/search-params.js'
import type {
  CollectResult,
  GetJsonOptions,
  JsonResponse,
  OffsetLimitStrategy,
  Page,
  PaginateOptions,
  PaginationCompleteness,
  Paginator,
  ResponseMeta,
  SearchParamsInit,
  ToArrayOptions,
} from './types.js'

/**
 * The one paginator every provider returns. It reads pages through the client, follows the
 * strategy's next-page rule, and keeps a record of what it can prove about completeness.
 *
 * @module
 */

/** A response whose JSON body is parsed only when asked for. */
export interface DeferredJsonResponse {
  meta: ResponseMeta
  /** Parses the body. @throws {ResponseShapeError} when it is not the JSON expected */
  parse: () => unknown
}

/** What the paginator needs from its client. */
export interface PaginatorDeps {
  provider: ProviderName
  concurrency: number
  resolveUrl: (pathOrUrl: string | URL, searchParams?: SearchParamsInit) => URL
  request: (url: URL, options: GetJsonOptions) => Promise<JsonResponse>
  /**
   * Reads a response without parsing it yet. Prefetched pages wait as text, so a large pull holds
   * one parsed page at a time rather than one per request in flight (parsed pages cost several
   * times their text in memory and in garbage collection).
   */
  requestDeferred?: (url: URL, options: GetJsonOptions) => Promise<DeferredJsonResponse>
  /** Removes the client's secrets from an error before it leaves the iteration. */
  scrubError?: <E>(error: E) => E
}

const MAX_DUPLICATE_SAMPLES = 10

/** Mutable bookkeeping of one iteration. */
class Tracker<T> {
  readonly record: PaginationCompleteness
  private readonly seen = new Set<string>()
  private readonly idOf: ((item: T) => string | undefined) | undefined

  constructor(collection: string, idOf: ((item: T) => string | undefined) | undefined) {
    this.idOf = idOf
    this.record = {
      collection,
      complete: false,
      proof: 'none',
      pages: 0,
      items: 0,
      totalChanged: false,
      duplicateIds: 0,
      duplicateIdSamples: [],
      nonAdvancingCursor: false,
      reasons: [],
    }
  }

  /** Counts a page; returns how many of its mapped items were new ids. */
  addPage(rawCount: number, items: readonly T[], total: number | undefined): void {
    const r = this.record
    r.pages++
    r.items += rawCount
    if (total !== undefined) {
      if (r.expectedTotal === undefined) r.expectedTotal = total
      else if (total !== r.expectedTotal && !r.totalChanged) {
        r.totalChanged = true
        this.reason(`the reported total changed from ${r.expectedTotal} to ${total} during the pull`)
      }
    }
    if (this.idOf === undefined) return
    for (const item of items) {
      const id = this.idOf(item)
      if (id === undefined) continue
      // One hash lookup per id, not two (has, then add): the set grows to every id of a collection.
      const before = this.seen.size
      this.seen.add(id)
      if (this.seen.size === before) {
        r.duplicateIds++
        if (r.duplicateIdSamples.length < MAX_DUPLICATE_SAMPLES) r.duplicateIdSamples.push(id)
      }
    }
  }

  reason(text: string): void {
    if (!this.record.reasons.includes(text)) this.record.reasons.push(text)
  }

  finish(proof: PaginationCompleteness['proof']): void {
    const r = this.record
    r.proof = proof
    if (r.duplicateIds > 0)
      this.reason(`${r.duplicateIds} records came back more than once (offsets drifted while data changed)`)
    // A count the records contradict either way cannot prove the end: fewer means records are
    // missing, more means the count was wrong and nothing says what else it got wrong.
    if (r.expectedTotal !== undefined && r.items !== r.expectedTotal && proof !== 'stopped-early' && !r.totalChanged)
      this.reason(`the server reported ${r.expectedTotal} records but returned ${r.items}`)
    r.complete = proof !== 'stopped-early' && proof !== 'none' && r.reasons.length === 0
  }
}

function totalOf(headers: Headers, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = headers.get(name)
    if (value !== null && /^\s*\d+\s*$/.test(value)) return Number(value)
  }
  return undefined
}

/** Thrown inside the iteration when it cannot go on safely. */
class BreakOff extends Error {}

/**
 * Creates a paginator over one listing.
 * @param deps - the client's request machinery
 * @param options - path, strategy, selection and mapping
 */
export function createPaginator<T>(deps: PaginatorDeps, options: PaginateOptions<T>): Paginator<T> {
  const collection = options.collection ?? String(options.path)
  let last: PaginationCompleteness | undefined
  const map = options.map ?? ((raw: unknown) => raw as T)

  function toPage(body: unknown, meta: ResponseMeta, pageNumber: number, total: number | undefined) {
    const raw = options.select(body, meta)
    const items: T[] = []
    for (const record of raw) {
      const item = map(record, meta)
      if (item !== undefined) items.push(item)
    }
    const page: Page<T> = { items, pageNumber, total, requestUrl: meta.url, meta }
    return { page, rawCount: raw.length, fingerprint: raw.length > 0 ? safeJson(raw[0]) + raw.length : '' }
  }

  function get(url: URL, signal: AbortSignal | undefined): Promise<JsonResponse> {
    return deps.request(url, { signal, timeoutMs: options.timeoutMs, envelopeKey: options.envelopeKey })
  }

  function getDeferred(url: URL, signal: AbortSignal | undefined): Promise<DeferredJsonResponse> {
    const requestOptions = { signal, timeoutMs: options.timeoutMs, envelopeKey: options.envelopeKey }
    if (deps.requestDeferred !== undefined) return deps.requestDeferred(url, requestOptions)
    return deps.request(url, requestOptions).then(({ body, meta }) => ({ meta, parse: () => body }))
  }

  async function* offsetLimit(
    strategy: OffsetLimitStrategy,
    tracker: Tracker<T>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Page<T>, PaginationCompleteness['proof']> {
    const limitParam = strategy.limitParam ?? 'limit'
    const offsetParam = strategy.offsetParam ?? 'offset'
    const totalHeaders = strategy.totalHeaders ?? ['x-total-count', 'x-count']
    const followLinks = strategy.followLinkHeader ?? true
    const first = deps.resolveUrl(options.path, options.searchParams)
    if (getSearchParam(first, limitParam) === undefined) setSearchParam(first, limitParam, String(strategy.pageSize))
    const startOffset = Number(getSearchParam(first, offsetParam) ?? '0') || 0
    setSearchParam(first, offsetParam, String(startOffset))
    tracker.record.requestedPageSize = Number(getSearchParam(first, limitParam)) || strategy.pageSize

    const urlAt = (offset: number): URL => {
      const url = new URL(first.href)
      setSearchParam(url, offsetParam, String(offset))
      return url
    }

    let pageNumber = 1
    const firstResponse = await get(first, signal)
    const total = totalOf(firstResponse.meta.headers, totalHeaders)
    const firstPage = toPage(firstResponse.body, firstResponse.meta, pageNumber, total)
    tracker.addPage(firstPage.rawCount, firstPage.page.items, total)
    if (firstPage.rawCount > 0) tracker.record.effectivePageSize = firstPage.rawCount
    yield firstPage.page

    let nextLink = followLinks ? findNextLink(firstResponse.meta.headers.get('link')) : undefined
    if (nextLink !== undefined) {
      // Link mode: the server drives; guard against loops.
      const visited = new Set([first.href])
      let current = first
      for (;;) {
        if (nextLink === undefined) return 'link-exhausted'
        const next = deps.resolveUrl(new URL(nextLink, current))
        if (visited.has(next.href)) {
          tracker.record.nonAdvancingCursor = true
          throw new BreakOff(`the next link repeats a page already read (${redactUrl(next)})`)
        }
        visited.add(next.href)
        current = next
        pageNumber++
        const response = await get(next, signal)
        const t = totalOf(response.meta.headers, totalHeaders)
        const { page, rawCount } = toPage(response.body, response.meta, pageNumber, t ?? total)
        tracker.addPage(rawCount, page.items, t)
        yield page
        nextLink = findNextLink(response.meta.headers.get('link'))
      }
    }

    if (firstPage.rawCount === 0) return 'empty-page'

    // The offsets after the first page are produced one at a time: a count is the server's claim,
    // not a plan, so nothing is ever allocated by it and prefetch looks at most `width` pages ahead.
    const step = firstPage.rawCount
    let offset = startOffset + step
    let previousFingerprint = firstPage.fingerprint
    // Set when what the server returns contradicts its count; the read then goes on to an empty page.
    let contradicted = total !== undefined && firstPage.rawCount > total - startOffset
    if (contradicted)
      tracker.reason(
        `the server reported ${total} records but the first page alone held ${firstPage.rawCount}; read on to an empty page`,
      )

    const advance = (rawCount: number, fingerprint: string, at: number): void => {
      if (rawCount > 0 && fingerprint === previousFingerprint) {
        tracker.record.nonAdvancingCursor = true
        throw new BreakOff(`the server returned the same page for offset ${at} as for the page before`)
      }
      previousFingerprint = fingerprint
    }

    if (total !== undefined && offset < total) {
      const width = strategy.prefetch === false ? 1 : Math.max(1, deps.concurrency)
      const inner = new AbortController()
      const innerSignal = signal ? anySignal([signal, inner.signal]) : inner.signal
      const inFlight: Array<{ at: number; response: Promise<DeferredJsonResponse> }> = []
      let planned = offset
      let stopPlanning = false
      const launch = (): void => {
        if (stopPlanning || planned >= total) return
        const response = getDeferred(urlAt(planned), innerSignal)
        response.catch(() => undefined)
        inFlight.push({ at: planned, response })
        planned += step
      }
      try {
        while (inFlight.length < width && !stopPlanning && planned < total) launch()
        for (;;) {
          const next = inFlight.shift()
          if (next === undefined) break
          const response = await next.response
          const t = totalOf(response.meta.headers, totalHeaders)
          pageNumber++
          const { page, rawCount, fingerprint } = toPage(response.parse(), response.meta, pageNumber, t ?? total)
          advance(rawCount, fingerprint, next.at)
          tracker.addPage(rawCount, page.items, t)
          const expected = Math.min(step, total - next.at)
          if (rawCount !== expected) {
            contradicted = true
            tracker.reason(`the page at offset ${next.at} returned ${rawCount} records where ${expected} were due`)
          }
          // The total grew mid-pull, or a page came back empty: stop planning by the first count.
          if (t !== undefined && t !== total) stopPlanning = true
          offset = next.at + rawCount
          yield page
          if (rawCount === 0) return 'total-reached'
          if (rawCount < expected) {
            // A short page inside the plan moves every later offset: finish the read one page at a time.
            stopPlanning = true
            inner.abort()
            inFlight.length = 0
            break
          }
          launch()
        }
      } finally {
        inner.abort()
      }
      if (!stopPlanning && !contradicted) return 'total-reached'
    } else if (total !== undefined && !contradicted) {
      return 'total-reached'
    }

    // No count, a count that grew, or one the pages contradict: a short page proves nothing (servers
    // clamp `limit`), so read until an empty page.
    for (;;) {
      pageNumber++
      const response = await get(urlAt(offset), signal)
      const t = totalOf(response.meta.headers, totalHeaders)
      const { page, rawCount, fingerprint } = toPage(response.body, response.meta, pageNumber, t ?? total)
      advance(rawCount, fingerprint, offset)
      tracker.addPage(rawCount, page.items, t)
      yield page
      if (rawCount === 0) return total === undefined ? 'empty-page' : 'total-reached'
      offset += rawCount
    }
  }

  async function* bodyLink(
    nextUrl: (body: unknown) => string | undefined,
    tracker: Tracker<T>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Page<T>, PaginationCompleteness['proof']> {
    let current = deps.resolveUrl(options.path, options.searchParams)
    const visited = new Set([current.href])
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await get(current, signal)
      const { page, rawCount } = toPage(response.body, response.meta, pageNumber, undefined)
      tracker.addPage(rawCount, page.items, undefined)
      yield page
      const link = nextUrl(response.body)
      if (link === undefined) return 'cursor-exhausted'
      const next = deps.resolveUrl(new URL(link, current))
      if (visited.has(next.href)) {
        tracker.record.nonAdvancingCursor = true
        throw new BreakOff(`the next link repeats a page already read (${redactUrl(next)})`)
      }
      visited.add(next.href)
      current = next
    }
  }

  async function* pages(): AsyncGenerator<Page<T>> {
    const tracker = new Tracker<T>(collection, options.idOf)
    last = tracker.record
    const signal = options.signal
    const strategy = options.strategy
    const source =
      strategy.kind === 'offset-limit'
        ? offsetLimit(strategy, tracker, signal)
        : bodyLink(strategy.nextUrl, tracker, signal)
    let finished = false
    try {
      for (;;) {
        const step = await source.next()
        if (step.done) {
          tracker.finish(step.value)
          finished = true
          return
        }
        options.onPage?.(step.value)
        yield step.value
      }
    } catch (caught) {
      finished = true
      const scrub = deps.scrubError ?? (<E>(e: E): E => e)
      const error: unknown = scrub(caught)
      const breakOff = error instanceof BreakOff
      tracker.reason(
        breakOff ? error.message : `the pull broke off: ${error instanceof Error ? error.message : String(error)}`,
      )
      tracker.finish('none')
      if (isRosterkitError(error) && error.code === 'ROSTERKIT_ABORTED') throw error
      if (!breakOff && tracker.record.pages === 0) throw error
      throw new IncompletePullError(
        `${deps.provider} ${collection}: the pull broke off after ${tracker.record.pages} pages and ${tracker.record.items} records; ${tracker.record.reasons.join('; ')}`,
        progressOf(tracker.record),
        [],
        breakOff ? {} : { cause: error },
      )
    } finally {
      if (!finished) {
        // The consumer stopped early (break, toArray limit): nothing proves the rest is empty.
        await source.return(undefined as never).catch(() => undefined)
        tracker.reason('the iteration was stopped before the last page')
        tracker.finish('stopped-early')
      }
    }
  }

  const paginator: Paginator<T> = {
    get completeness() {
      return last
    },
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items
    },
    async toArray({ limit }: ToArrayOptions): Promise<T[]> {
      if (!Number.isInteger(limit) || limit < 0) throw new TypeError('toArray needs a non-negative integer limit')
      const out: T[] = []
      if (limit === 0) return out
      for await (const page of pages()) {
        for (const item of page.items) {
          out.push(item)
          if (out.length >= limit) return out
        }
      }
      return out
    },
    async collect(): Promise<CollectResult<T>> {
      const items: T[] = []
      try {
        for await (const page of pages()) for (const item of page.items) items.push(item)
      } catch (error) {
        if (isRosterkitError(error) && error.code === 'ROSTERKIT_INCOMPLETE_PULL') {
          const incomplete = error as IncompletePullError
          throw new IncompletePullError(
            incomplete.message,
            incomplete.progress,
            items,
            incomplete.cause === undefined ? {} : { cause: incomplete.cause },
          )
        }
        throw error
      }
      return { items, completeness: last! }
    },
  }
  return paginator
}

function progressOf(record: PaginationCompleteness): PullProgress {
  const progress: PullProgress = { collection: record.collection, pages: record.pages, items: record.items }
  if (record.expectedTotal !== undefined) progress.expectedTotal = record.expectedTotal
  return progress
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return String(value)
  }
}
