import type { AuthStrategy } from './auth-strategy.js'

/** Options of {@link createBearerAuth}. */
export interface BearerAuthOptions {
  /** The token, or a function returning the current one (for rotation). */
  token: string | (() => string | Promise<string>)
}

/**
 * A static bearer token (e.g. a Clever district token), optionally rotated by a function.
 * @param options - the token or its source
 */
export function createBearerAuth(_options: BearerAuthOptions): AuthStrategy {
  throw new Error('not implemented')
}
