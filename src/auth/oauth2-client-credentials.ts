import type { AuthStrategy } from './auth-strategy.js'

/** How the client authenticates at the token endpoint. */
export type OAuth2ClientAuthentication = 'client_secret_basic' | 'client_secret_post'

/** Options of {@link createOAuth2ClientCredentialsAuth}. */
export interface OAuth2ClientCredentialsOptions {
  /** Token endpoint URL. */
  tokenUrl: string | URL
  /** Client id. */
  clientId: string
  /** Client secret. */
  clientSecret: string
  /** Scopes to request, space-separated or as a list. */
  scope?: string | readonly string[] | undefined
  /**
   * Client authentication at the token endpoint.
   * @default 'client_secret_basic'
   */
  clientAuthentication?: OAuth2ClientAuthentication | undefined
  /**
   * DANGEROUS: allows a plain `http:` token URL when its host is loopback; for local test servers only.
   * @default false
   */
  allowInsecureLoopback?: boolean | undefined
  /**
   * Seconds before `expires_in` at which a cached token counts as expired.
   * @default 60
   */
  expirySkewSeconds?: number | undefined
  /** Clock in milliseconds, injectable for tests. @default Date.now */
  now?: (() => number) | undefined
}

/**
 * OAuth 2 client credentials through oauth4webapi: cached token, one shared refresh, and after a
 * 401 one fresh token.
 * @param options - token URL, client credentials, scope
 * @throws {ConfigurationError} on an invalid or insecure token URL
 */
export function createOAuth2ClientCredentialsAuth(_options: OAuth2ClientCredentialsOptions): AuthStrategy {
  throw new Error('not implemented')
}
