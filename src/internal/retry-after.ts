/**
 * Reads how long a server asks the client to wait: `Retry-After` (seconds or HTTP date),
 * `retry-after-ms`, and `X-RateLimit-Reset` (epoch seconds, epoch milliseconds or seconds to wait).
 *
 * @module
 */

/**
 * Milliseconds the server asks to wait, or undefined when it does not say (or says nonsense).
 * @param headers - response headers
 * @param now - current time in epoch milliseconds
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms))
  const retryAfter = headers.get('retry-after')
  if (retryAfter !== null) {
    const value = retryAfter.trim()
    if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
    const date = Date.parse(value)
    if (!Number.isNaN(date)) return Math.max(0, date - now)
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset')
  if (reset !== null && /^\s*\d+(\.\d+)?\s*$/.test(reset)) {
    const value = Number(reset)
    // Vendors disagree: a large number is an epoch time, a small one a delay in seconds.
    if (value > 1e12) return Math.max(0, Math.ceil(value - now))
    if (value > 1e9) return Math.max(0, Math.ceil(value * 1000 - now))
    return Math.ceil(value * 1000)
  }
  return undefined
}
