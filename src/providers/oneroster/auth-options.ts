/**
 * The auth options of the OneRoster client and the strategies they become.
 *
 * @module
 */
import {
  type AuthStrategy,
  createBearerAuth,
  createOAuth1Auth,
  createOAuth2ClientCredentialsAuth,
} from '../../auth/index.js'
import type { VendorProfile } from './vendors/vendor-profile.js'
import type { OneRosterVersion } from './wire/field-spec.js'

/** OAuth 1.0a request signing (OneRoster 1.1). */
export interface OneRosterOAuth1 {
  /** Discriminant. */
  type: 'oauth1'
  /** Client id, also called consumer key or key. */
  clientId: string
  /** Client secret, also called consumer secret or application secret. */
  clientSecret: string
  /**
   * Signature method.
   * @default 'HMAC-SHA256'
   */
  signatureMethod?: 'HMAC-SHA256' | 'HMAC-SHA1' | undefined
}

/** OAuth 2 client credentials (OneRoster 1.2; many 1.1 providers too). */
export interface OneRosterOAuth2 {
  /** Discriminant. */
  type: 'oauth2'
  /** Client id. */
  clientId: string
  /** Client secret. */
  clientSecret: string
  /** Token endpoint; not derivable from the base URL (e.g. Infinite Campus `…/campus/oauth2/token?appName=…`). */
  tokenUrl: string | URL
  /**
   * Scopes to request.
   * @default the roster-core and roster scopes of the client's version, plus demographics when `demographics` is true
   */
  scope?: string | readonly string[] | undefined
  /**
   * Also request the demographics scope (a privileged scope some providers refuse).
   * @default true
   */
  demographics?: boolean | undefined
  /**
   * How the client authenticates at the token endpoint.
   * @default the vendor profile's (`client_secret_basic` for most)
   */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post' | undefined
}

/** A static bearer token (e.g. one issued out of band). */
export interface OneRosterBearer {
  /** Discriminant. */
  type: 'bearer'
  /** The token, or a function returning the current one. */
  token: string | (() => string | Promise<string>)
}

/** How the client authenticates. */
export type OneRosterAuth = OneRosterOAuth1 | OneRosterOAuth2 | OneRosterBearer

/**
 * The OAuth 2 scopes rosterkit requests by default.
 * @param version - the OneRoster version
 * @param demographics - include the demographics scope
 */
export function defaultScopes(version: OneRosterVersion, demographics: boolean): string[] {
  const v = version === '1.2' ? 'v1p2' : 'v1p1'
  const names = ['roster-core.readonly', 'roster.readonly', ...(demographics ? ['roster-demographics.readonly'] : [])]
  return names.map((n) => `https://purl.imsglobal.org/spec/or/${v}/scope/${n}`)
}

/**
 * Builds the auth strategy of a client.
 * @param auth - the client's auth options
 * @param version - its version (for default scopes)
 * @param profile - its vendor profile (for token client auth)
 * @param allowInsecureLoopback - allow an `http:` loopback token URL
 */
export function createAuthStrategy(
  auth: OneRosterAuth,
  version: OneRosterVersion,
  profile: VendorProfile,
  allowInsecureLoopback: boolean,
): AuthStrategy {
  switch (auth.type) {
    case 'oauth1':
      return createOAuth1Auth({
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        signatureMethod: auth.signatureMethod ?? 'HMAC-SHA256',
      })
    case 'oauth2':
      return createOAuth2ClientCredentialsAuth({
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        scope: auth.scope ?? defaultScopes(version, auth.demographics ?? true),
        clientAuthentication:
          auth.clientAuthentication ??
          (profile.tokenClientAuth === 'post' ? 'client_secret_post' : 'client_secret_basic'),
        allowInsecureLoopback,
      })
    case 'bearer':
      return createBearerAuth({ token: auth.token })
  }
}
