import { ConfigurationError } from '../errors.js'
import { sleep as defaultSleep } from '../internal/sleep.js'
import type { RateGovernor, RateGovernorOptions } from './types.js'

/**
 * A sliding-window request-rate governor. One instance can be passed to several clients so that
 * everything using one district token shares one budget.
 *
 * @module
 */

/**
 * Creates a request-rate governor that can be shared by several clients.
 * @param options - requests per interval
 * @throws {ConfigurationError} when the numbers are not positive
 * @example
 * ```ts
 * const clever = createRateGovernor({ requests: 1200, intervalMs: 60_000 })
 * ```
 */
export function createRateGovernor(options: RateGovernorOptions): RateGovernor {
  const { requests, intervalMs } = options
  if (!Number.isInteger(requests) || requests < 1 || !(intervalMs > 0)) {
    throw new ConfigurationError('createRateGovernor needs a positive integer `requests` and a positive `intervalMs`', [
      { path: ['requests'], message: 'positive integer' },
      { path: ['intervalMs'], message: 'positive number' },
    ])
  }
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  // Send times of the requests in the current window, oldest first (a ring would save memory, but
  // windows are small: at most `requests` entries).
  const sent: number[] = []
  let pausedUntil = 0
  // Waiters are served in order so a burst cannot starve an earlier caller.
  let queue: Promise<unknown> = Promise.resolve()

  async function take(signal?: AbortSignal): Promise<number> {
    let waited = 0
    for (;;) {
      signal?.throwIfAborted()
      const t = now()
      while (sent.length > 0 && sent[0]! <= t - intervalMs) sent.shift()
      let wait = 0
      if (pausedUntil > t) wait = pausedUntil - t
      else if (sent.length >= requests) wait = sent[0]! + intervalMs - t
      if (wait <= 0) {
        sent.push(t)
        return waited
      }
      await sleep(wait, signal)
      waited += wait
    }
  }

  return {
    acquire(signal) {
      const turn = queue.then(() => take(signal))
      queue = turn.catch(() => undefined)
      return turn
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms)
    },
  }
}
