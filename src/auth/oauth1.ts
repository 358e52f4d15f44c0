import type { AuthStrategy } from './auth-strategy.js'

/** OAuth 1.0a signature methods rosterkit supports. */
export type OAuth1SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1'

/** Options of {@link createOAuth1Auth}. */
export interface OAuth1AuthOptions {
  /** Consumer key (OneRoster "client id"). */
  clientId: string
  /** Consumer secret. */
  clientSecret: string
  /**
   * Signature method.
   * @default 'HMAC-SHA256' (what OneRoster 1.1 requires)
   */
  signatureMethod?: OAuth1SignatureMethod | undefined
  /** Clock in milliseconds, injectable for tests. @default Date.now */
  now?: (() => number) | undefined
  /** Nonce source, injectable for tests. @default 16 random bytes, hex */
  nonce?: (() => string) | undefined
}

/**
 * Two-legged OAuth 1.0a on Web Crypto: signs every attempt with a fresh nonce and timestamp.
 * @param options - consumer key and secret, signature method
 * @throws {ConfigurationError} when the key or secret is empty
 */
export function createOAuth1Auth(_options: OAuth1AuthOptions): AuthStrategy {
  throw new Error('not implemented')
}
