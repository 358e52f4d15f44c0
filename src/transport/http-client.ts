import type { HttpClient, HttpClientOptions } from './types.js'

/**
 * Creates the HTTP client every provider uses.
 * @param options - base URL, provider, auth and transport settings
 * @throws {ConfigurationError} on invalid options or a plain-http base URL that is not allowed
 */
export function createHttpClient(_options: HttpClientOptions): HttpClient {
  throw new Error('not implemented')
}
