import { FullResyncRequiredError, isApiError, isNotFoundError, ResponseShapeError } from '../../errors.js'
import type { Page, PaginationCompleteness } from '../../transport/index.js'
import type { CleverHttp } from './clever-http.js'
import { type CleverEvent, parseCleverEvent } from './events.js'
import { type CleverEventWire, CleverEventWireSchema, type CleverRecordType } from './wire-schemas.js'

/**
 * Reading Clever's events stream: the newest event id before a full pull, and every event after a
 * stored cursor, with a typed `FullResyncRequiredError` when the cursor cannot be used.
 *
 * @module
 */

/**
 * Prefix of a cursor issued when Clever had no events at all at pull time: the events after it are
 * all events, provided the cursor is younger than Clever's retention.
 */
export const CLEVER_EMPTY_FEED_CURSOR_PREFIX = 'clever-events-empty@'

/** Options of {@link CleverEventsResource.since}. */
export interface CleverEventsSinceOptions {
  /** Only events of these record types (`record_type`, repeated). */
  recordTypes?: readonly CleverRecordType[] | undefined
  /** Cancels the read. */
  signal?: AbortSignal | undefined
  /** Called after each page of events. */
  onPage?: ((page: Page<CleverEventWire>) => void) | undefined
}

/** The events after a cursor. */
export interface CleverEventsSince {
  /** Typed events, oldest first. */
  events: CleverEvent[]
  /** Ids and types of events of record types rosterkit does not know, which were passed over. */
  skipped: { id: string; type: string }[]
  /** The cursor for the next read: the last event id read, else the cursor given. */
  cursor: string
  /** What the paginator proves about having read to the end. */
  completeness: PaginationCompleteness | undefined
}

/** `/events`. */
export interface CleverEventsResource {
  /**
   * The newest event id, or a cursor standing for "no events yet" when there are none; read it
   * before a full pull so changes made during the pull are replayed next time.
   */
  latestCursor(options?: { signal?: AbortSignal | undefined }): Promise<string>
  /**
   * Every event after `cursor`, typed and in order.
   * @throws {FullResyncRequiredError} when the cursor is unknown to Clever or older than its retention
   * @throws {ResponseShapeError} when an event cannot be read (never skipped silently)
   */
  since(cursor: string, options?: CleverEventsSinceOptions): Promise<CleverEventsSince>
}

function resync(cursor: string, why: string): FullResyncRequiredError {
  return new FullResyncRequiredError(
    `The Clever events cursor ${cursor} cannot be used (${why}); run a full sync to start a new cursor`,
    cursor,
  )
}

/**
 * Builds the events resource over the shared Clever request helpers.
 * @param c - the client's request helpers
 */
export function createCleverEvents(c: CleverHttp): CleverEventsResource {
  const { now, eventRetentionMs } = c.options
  return {
    async latestCursor(options = {}) {
      let newest: CleverEventWire | undefined
      try {
        const page = await c
          .list('events', CleverEventWireSchema, {
            searchParams: [['ending_before', 'last']],
            limit: 1,
            collection: 'events',
            signal: options.signal,
          })
          .toArray({ limit: 1 })
        newest = page[0]
      } catch (err) {
        // `ending_before=last` is how Clever documents reading the newest event; should a server
        // refuse it, reading the whole feed (at most 30 days) finds the same id. A server that
        // ignores it and answers the oldest event instead only makes the next pull replay more
        // events, which applying in order makes harmless.
        if (!isApiError(err) || err.status !== 400) throw err
        const all = await c
          .list('events', CleverEventWireSchema, { limit: 10_000, collection: 'events', signal: options.signal })
          .collect()
        newest = all.items.at(-1)
      }
      return newest?.id ?? `${CLEVER_EMPTY_FEED_CURSOR_PREFIX}${new Date(now()).toISOString()}`
    },

    async since(cursor, options = {}) {
      const params: [string, string][] = []
      if (cursor.startsWith(CLEVER_EMPTY_FEED_CURSOR_PREFIX)) {
        const issued = Date.parse(cursor.slice(CLEVER_EMPTY_FEED_CURSOR_PREFIX.length))
        if (Number.isNaN(issued)) throw resync(cursor, 'it is not a cursor rosterkit issued')
        if (now() - issued > eventRetentionMs) throw resync(cursor, 'it is older than Clever keeps events')
      } else {
        let created: string | null | undefined
        try {
          created = (await c.getRecord(`events/${encodeURIComponent(cursor)}`, CleverEventWireSchema, options.signal))
            .record.created
        } catch (err) {
          if (isNotFoundError(err)) throw resync(cursor, 'Clever no longer knows this event')
          throw err
        }
        const at = created === undefined || created === null ? Number.NaN : Date.parse(created)
        if (!Number.isNaN(at) && now() - at > eventRetentionMs) {
          throw resync(cursor, 'it is older than Clever keeps events')
        }
        params.push(['starting_after', cursor])
      }
      for (const type of options.recordTypes ?? []) params.push(['record_type', type])
      const paginator = c.list('events', CleverEventWireSchema, {
        searchParams: params,
        collection: 'events',
        signal: options.signal,
        onPage: options.onPage,
      })
      let wire: CleverEventWire[]
      try {
        wire = (await paginator.collect()).items
      } catch (err) {
        if (isNotFoundError(err)) throw resync(cursor, 'Clever no longer knows this event')
        throw err
      }
      const events: CleverEvent[] = []
      const skipped: { id: string; type: string }[] = []
      for (const w of wire) {
        const result = parseCleverEvent(w)
        if (result.ok) events.push(result.event)
        else if (result.skipped) skipped.push({ id: result.id, type: result.type })
        else {
          throw new ResponseShapeError(
            result.message,
            { provider: 'clever', method: 'GET', url: `${c.options.prefix}/events` },
            result.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
          )
        }
      }
      return { events, skipped, cursor: wire.at(-1)?.id ?? cursor, completeness: paginator.completeness }
    },
  }
}
