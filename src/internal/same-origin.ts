import { CrossOriginError, type ProviderName } from '../errors.js'
import { redactUrl } from './redact.js'

/**
 * The guard that keeps credentials on the configured origin: any URL taken from a response is
 * checked here before a request (and its Authorization) is made.
 *
 * @module
 */

/**
 * True when both URLs share scheme, host and port.
 * @param a - a URL
 * @param b - another URL
 */
export function isSameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.origin !== 'null'
}

/**
 * Throws unless `url` is on `allowed`'s origin.
 * @param url - the URL about to be requested
 * @param allowed - the configured base URL
 * @param provider - for the error context
 * @throws {CrossOriginError} when the origins differ
 */
export function assertSameOrigin(url: URL, allowed: URL, provider: ProviderName): void {
  if (isSameOrigin(url, allowed)) return
  // Only the foreign origin is named: its path and query are the server's text, and may quote a
  // credential in an encoding nothing can foresee.
  const foreign = url.origin === 'null' ? `a ${url.protocol} URL` : redactUrl(url.origin)
  throw new CrossOriginError(
    `${provider} GET to ${foreign} refused: the URL is not on the configured origin ${allowed.origin}; it was not requested and no credentials were sent`,
    {
      provider,
      method: 'GET',
      url: foreign,
      hint: 'The server returned a link to another host. Check the base URL, or ask the vendor why paging links leave their API host.',
    },
  )
}
