import type { PullProgressEvent } from '../model/index.js'

/**
 * Counts what a pull's progress events say (pages, records, retries, throttling waits) for the
 * report, while passing every event on to the host's own listener.
 *
 * @module
 */

/** What the progress events of one pull added up to. */
export interface PullStats {
  /** Pages read, over every collection. */
  pages: number
  /** Requests retried after a fault (5xx, network, timeout). */
  retries: number
  /** Waits imposed by rate limiting (429, Retry-After, a shared budget). */
  throttles: number
  /** Total time spent waiting on retries and throttling, in milliseconds. */
  waitMs: number
}

/** A progress listener that also counts. */
export interface PullStatsTap {
  /** The listener to pass to `source.pull`. */
  onProgress: (event: PullProgressEvent) => void
  /** The counts so far. */
  stats(): PullStats
}

/**
 * Creates a progress listener that counts pages, retries and throttling and forwards each event.
 * @param forward - the host's listener, called with every event
 */
export function createPullStatsTap(forward?: (event: PullProgressEvent) => void): PullStatsTap {
  const stats: PullStats = { pages: 0, retries: 0, throttles: 0, waitMs: 0 }
  return {
    onProgress(event) {
      if (event.type === 'page') stats.pages++
      else if (event.type === 'retry') stats.retries++
      else if (event.type === 'throttle') stats.throttles++
      if ((event.type === 'retry' || event.type === 'throttle') && event.waitMs !== undefined) {
        stats.waitMs += event.waitMs
      }
      // A listener that throws must not break the pull it is watching.
      try {
        forward?.(event)
      } catch {
        /* ignored */
      }
    },
    stats: () => ({ ...stats }),
  }
}
