/**
 * The HTTP core shared by every provider: one client with retries, rate limits, redaction, the
 * same-origin guard and one paginator.
 *
 * @module
 */
export { createHttpClient } from './http-client.js'
export { bodyLinkPages, nextLinkInBody, offsetLimitPages } from './page-strategies.js'
export { createRateGovernor } from './rate-governor.js'
export type * from './types.js'
