/**
 * Authentication strategies: OAuth 1.0a, OAuth 2 client credentials, bearer and basic.
 *
 * @module
 */
export type { AuthContext, AuthStrategy, AuthStrategyName, FetchFunction } from './auth-strategy.js'
export { type BasicAuthOptions, createBasicAuth } from './basic.js'
export { type BearerAuthOptions, createBearerAuth } from './bearer.js'
export { createOAuth1Auth, type OAuth1AuthOptions, type OAuth1SignatureMethod } from './oauth1.js'
export {
  createOAuth2ClientCredentialsAuth,
  type OAuth2ClientAuthentication,
  type OAuth2ClientCredentialsOptions,
} from './oauth2-client-credentials.js'
