import { ConfigurationError } from '../errors.js'

/**
 * Refuses plain `http:` unless the host is loopback and the caller opted in with an option named
 * to look dangerous.
 *
 * @module
 */

/**
 * True for 127.0.0.0/8, ::1 and `localhost`.
 * @param hostname - a URL's hostname
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/**
 * Throws unless `url` is https, or http to loopback with `allowInsecureLoopback`.
 * @param url - the URL to check
 * @param allowInsecureLoopback - the caller's opt-in
 * @param what - which option it came from, for the message
 * @throws {ConfigurationError} when the URL is not allowed
 */
export function assertSecureUrl(url: URL, allowInsecureLoopback: boolean, what: string): void {
  if (url.protocol === 'https:') return
  if (url.protocol === 'http:' && allowInsecureLoopback && isLoopbackHost(url.hostname)) return
  const reason =
    url.protocol !== 'http:'
      ? `uses ${url.protocol}, only https: is supported`
      : isLoopbackHost(url.hostname)
        ? 'is plain http; set allowInsecureLoopback for a local test server'
        : 'is plain http; credentials would travel unencrypted, use https'
  throw new ConfigurationError(`${what} ${url.origin} ${reason}`, [{ path: [what], message: reason }])
}
