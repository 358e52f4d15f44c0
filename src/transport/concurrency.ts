import pLimit from 'p-limit'
import { ConfigurationError } from '../errors.js'

/**
 * The per-client gate on requests in flight.
 *
 * @module
 */

/** Runs a task when a slot is free. */
export type Gate = <T>(task: () => Promise<T>) => Promise<T>

/**
 * A gate admitting `concurrency` tasks at once.
 * @param concurrency - slots
 * @throws {ConfigurationError} when not a positive integer
 */
export function createGate(concurrency: number): Gate {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError('concurrency must be a positive integer', [
      { path: ['concurrency'], message: 'positive integer' },
    ])
  }
  const limit = pLimit(concurrency)
  return (task) => limit(task)
}
