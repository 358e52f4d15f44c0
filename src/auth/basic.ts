import { ConfigurationError } from '../errors.js'
import { base64FromText } from '../internal/base64.js'
import type { AuthStrategy } from './auth-strategy.js'

/**
 * HTTP Basic authentication (RFC 7617, UTF-8).
 *
 * @module
 */

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
 * @throws {ConfigurationError} when the user name is empty or contains a colon
 */
export function createBasicAuth(options: BasicAuthOptions): AuthStrategy {
  if (!options.username || options.username.includes(':')) {
    throw new ConfigurationError('Basic auth needs a user name without a colon', [
      { path: ['username'], message: 'required, no colon' },
    ])
  }
  const value = `Basic ${base64FromText(`${options.username}:${options.password}`)}`
  const secrets = [options.password, `${options.username}:${options.password}`]
  return {
    name: 'basic',
    secrets: () => secrets,
    authorize(request) {
      const headers = new Headers(request.headers)
      headers.set('authorization', value)
      return new Request(request, { headers })
    },
  }
}
