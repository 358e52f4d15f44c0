import pRetry from 'p-retry'
import { isRosterkitError, type RosterkitError } from '../errors.js'

/**
 * The one place where requests are retried: which failures are worth another attempt, how long to
 * wait (exponential backoff with jitter, or what the server asked for within a clamp), on p-retry.
 *
 * @module
 */

/** Statuses worth another attempt of an idempotent request. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504])

/** Settled retry settings of one client. */
export interface RetryPolicy {
  maxRetries: number
  minDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
}

/** Told before each wait. */
export type OnRetry = (info: { attempt: number; waitMs: number; error: RosterkitError }) => void

/**
 * True when another attempt might succeed.
 * @param error - what the attempt threw
 */
export function isRetryable(error: unknown): boolean {
  if (!isRosterkitError(error)) return false
  if (error.code === 'ROSTERKIT_CONNECTION' || error.code === 'ROSTERKIT_TIMEOUT') return true
  const status = (error as { status?: unknown }).status
  return typeof status === 'number' && RETRYABLE_STATUSES.has(status)
}

/**
 * Backoff before retry number `retry` (1-based): doubling from `minDelayMs`, capped, with the
 * upper half jittered so clients that failed together do not retry together.
 * @param retry - 1 for the first retry
 * @param policy - delays and random source
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs' | 'random'>): number {
  const base = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1))
  return Math.round(base / 2 + (policy.random() * base) / 2)
}

/**
 * Runs `attempt` until it succeeds, fails with something not worth retrying, or retries run out.
 * @param attempt - one try; receives the 1-based attempt number
 * @param policy - limits and delays
 * @param signal - cancels waiting
 * @param onRetry - told before each wait
 */
export function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry: OnRetry,
): Promise<T> {
  return pRetry(attempt, {
    retries: policy.maxRetries,
    // p-retry's own timer is bypassed (minTimeout 0) so the injected sleep does the waiting.
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    ...(signal ? { signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      if (!isRetryable(error)) return false
      const rosterkitError = error as RosterkitError
      const asked = (rosterkitError as { retryAfterMs?: number }).retryAfterMs
      if (asked !== undefined && asked > policy.maxRetryAfterMs) return false
      const waitMs = asked !== undefined ? Math.max(asked, 0) : backoffDelay(attemptNumber, policy)
      onRetry({ attempt: attemptNumber, waitMs, error: rosterkitError })
      await policy.sleep(waitMs, signal)
      return true
    },
  })
}
