import { ConfigurationError } from '../errors.js'

/**
 * Reads a URL from configuration (a base URL, a token URL) without ever repeating it in an error:
 * what a person pastes into a URL field is sometimes a secret, or carries one as `user:pass@`.
 *
 * @module
 */

/**
 * The parsed URL.
 * @param raw - what was configured
 * @param what - the option's name, for the error
 * @throws {ConfigurationError} when it is not an absolute URL, or carries a user name or password
 *   (credentials in a URL are never sent by `fetch` and would end up in logs); the input is not quoted
 */
export function parseConfiguredUrl(raw: string | URL, what: string): URL {
  const text = String(raw)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    // The parser's error keeps the raw input, secrets and all; it is not passed on as the cause.
    throw new ConfigurationError(`${what} is not a valid absolute URL`, [{ path: [what], message: 'invalid URL' }])
  }
  // A password with a '/' in it ends the authority early, so the '@' lands in the path: any '@'
  // before the query is treated as credentials.
  const beforeQuery = text.split(/[?#]/, 1)[0] ?? ''
  if (url.username !== '' || url.password !== '' || beforeQuery.slice(beforeQuery.indexOf('//') + 2).includes('@')) {
    throw new ConfigurationError(
      `${what} must not carry a user name or password (user:password@); put credentials in the auth options`,
      [{ path: [what], message: 'credentials in URL' }],
    )
  }
  return url
}
