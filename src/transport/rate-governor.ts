import type { RateGovernor, RateGovernorOptions } from './types.js'

/**
 * Creates a request-rate governor that can be shared by several clients.
 * @param options - requests per interval
 * @throws {ConfigurationError} when the numbers are not positive
 */
export function createRateGovernor(_options: RateGovernorOptions): RateGovernor {
  throw new Error('not implemented')
}
