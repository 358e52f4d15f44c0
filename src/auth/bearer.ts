import { ConfigurationError } from '../errors.js'
import type { AuthStrategy } from './auth-strategy.js'

/**
 * A bearer token strategy (e.g. a Clever district token), optionally rotated by a function.
 *
 * @module
 */

/** Options of {@link createBearerAuth}. */
export interface BearerAuthOptions {
  /** The token, or a function returning the current one (called on every attempt, for rotation). */
  token: string | (() => string | Promise<string>)
}

/**
 * A static bearer token (e.g. a Clever district token), optionally rotated by a function.
 * @param options - the token or its source
 * @throws {ConfigurationError} when the token is empty
 * @example
 * ```ts
 * const auth = createBearerAuth({ token: districtToken })
 * ```
 */
export function createBearerAuth(options: BearerAuthOptions): AuthStrategy {
  if (options.token === '' || (typeof options.token !== 'string' && typeof options.token !== 'function')) {
    throw new ConfigurationError('Bearer auth needs a token', [{ path: ['token'], message: 'required' }])
  }
  const source = options.token
  // Rotated tokens: the last few stay known, since an error may quote the one before the current.
  const seen: string[] = typeof source === 'string' ? [source] : []
  return {
    name: 'bearer',
    secrets: () => seen,
    async authorize(request) {
      const token = typeof source === 'string' ? source : await source()
      if (token && !seen.includes(token)) {
        seen.push(token)
        if (seen.length > 8) seen.shift()
      }
      if (!token)
        throw new ConfigurationError('The bearer token function returned no token', [
          { path: ['token'], message: 'empty' },
        ])
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${token}`)
      return new Request(request, { headers })
    },
  }
}
