/**
 * The part of the HTTP core that provider entry points (`rosterkit/oneroster`, `rosterkit/clever`)
 * re-export to users: the paginator and its pages, completeness records, hooks, retry options and
 * the rate governor that several clients sharing one district token can share. The client factory
 * and the page strategies stay internal: providers own how they page.
 *
 * @module
 */
export type { AuthContext, AuthStrategy, AuthStrategyName, FetchFunction } from '../auth/auth-strategy.js'
export { createRateGovernor } from './rate-governor.js'
export type * from './types.js'
