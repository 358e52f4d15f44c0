import type { AuthStrategy } from './auth-strategy.js'

/** Options of {@link createBasicAuth}. */
export interface BasicAuthOptions {
  /** User name (e.g. Clever client id). */
  username: string
  /** Password (e.g. Clever client secret). */
  password: string
}

/**
 * HTTP Basic authentication (e.g. Clever's district-token listing).
 * @param options - user name and password
 */
export function createBasicAuth(_options: BasicAuthOptions): AuthStrategy {
  throw new Error('not implemented')
}
