import * as oauth from 'oauth4webapi'
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  type HttpErrorContext,
  isRosterkitError,
  PermissionDeniedError,
  ResponseShapeError,
  ServerError,
} from '../errors.js'
import { anySignal } from '../internal/any-signal.js'
import { parseConfiguredUrl } from '../internal/configured-url.js'
import { assertSecureUrl, isLoopbackHost } from '../internal/insecure-url.js'
import { bodySnippet, createSecretRegistry, redactUrl } from '../internal/redact.js'
import { looksTruncated } from '../internal/truncated-json.js'
import type { AuthContext, AuthStrategy } from './auth-strategy.js'

/**
 * OAuth 2 client credentials through oauth4webapi's request/process pair. The token is cached
 * until its expiry minus a skew, concurrent requests share one refresh, and the HTTP client asks
 * for a fresh token once after a 401 (through `invalidate`).
 *
 * @module
 */

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
   * DANGEROUS: allows a plain `http:` token URL when its host is loopback; for local test servers
   * only. The HTTP client's own `allowInsecureLoopback` also allows it.
   * @default false
   */
  allowInsecureLoopback?: boolean | undefined
  /**
   * Seconds before `expires_in` at which a cached token counts as expired; never more than half
   * the token's lifetime, so short-lived tokens are still reused.
   * @default 60
   */
  expirySkewSeconds?: number | undefined
  /**
   * Clock in milliseconds, injectable for tests.
   * @default Date.now
   */
  now?: (() => number) | undefined
}

interface CachedToken {
  accessToken: string
  /** When the token counts as stale: its expiry minus the skew. */
  expiresAt: number
}

/**
 * OAuth 2 client credentials through oauth4webapi: cached token, one shared refresh, and after a
 * 401 one fresh token.
 * @param options - token URL, client credentials, scope
 * @throws {ConfigurationError} on an invalid or insecure token URL, or missing credentials
 * @example
 * ```ts
 * const auth = createOAuth2ClientCredentialsAuth({ tokenUrl, clientId, clientSecret, scope: 'roster-core.readonly' })
 * ```
 */
export function createOAuth2ClientCredentialsAuth(options: OAuth2ClientCredentialsOptions): AuthStrategy {
  const tokenUrl = parseConfiguredUrl(options.tokenUrl, 'tokenUrl')
  if (!options.clientId || !options.clientSecret) {
    throw new ConfigurationError('OAuth 2 needs a client id and a client secret', [
      ...(options.clientId ? [] : [{ path: ['clientId'], message: 'required' }]),
      ...(options.clientSecret ? [] : [{ path: ['clientSecret'], message: 'required' }]),
    ])
  }
  // A non-loopback http URL can never be allowed, so refuse it now rather than at the first request.
  if (tokenUrl.protocol !== 'http:' || !isLoopbackHost(tokenUrl.hostname)) assertSecureUrl(tokenUrl, false, 'tokenUrl')
  else if (options.allowInsecureLoopback === true) assertSecureUrl(tokenUrl, true, 'tokenUrl')

  const now = options.now ?? Date.now
  const skewMs = (options.expirySkewSeconds ?? 60) * 1000
  const as: oauth.AuthorizationServer = { issuer: tokenUrl.href, token_endpoint: tokenUrl.href }
  const client: oauth.Client = { client_id: options.clientId }
  const clientAuth =
    options.clientAuthentication === 'client_secret_post'
      ? oauth.ClientSecretPost(options.clientSecret)
      : oauth.ClientSecretBasic(options.clientSecret)
  const parameters: Record<string, string> = {}
  const scope = typeof options.scope === 'string' ? options.scope : options.scope?.join(' ')
  if (scope) parameters.scope = scope

  let cached: CachedToken | undefined
  let inFlight: Promise<CachedToken> | undefined
  // The secret and every token received stay known, so an error quoting one of them is redacted.
  const known: string[] = [options.clientSecret]
  const secrets = createSecretRegistry(() => known)

  const context = (extra: Partial<HttpErrorContext> = {}): HttpErrorContext => ({
    provider: 'oauth2',
    method: 'POST',
    url: redactUrl(tokenUrl),
    ...extra,
  })

  async function requestToken(ctx: AuthContext): Promise<CachedToken> {
    const insecure = tokenUrl.protocol === 'http:'
    if (insecure)
      assertSecureUrl(tokenUrl, options.allowInsecureLoopback === true || ctx.allowInsecureLoopback, 'tokenUrl')
    const timeout = AbortSignal.timeout(ctx.timeoutMs)
    const signal = ctx.signal ? anySignal([ctx.signal, timeout]) : timeout
    let response: Response
    try {
      response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, {
        [oauth.customFetch]: (url, init) => ctx.fetch(url, init as RequestInit),
        [oauth.allowInsecureRequests]: insecure,
        signal,
      })
    } catch (cause) {
      if (isRosterkitError(cause)) throw cause
      throw new ConnectionError(
        `oauth2 POST ${redactUrl(tokenUrl)} failed: no usable response from the token endpoint`,
        context({ hint: 'Check the token URL, the network and TLS.' }),
        { cause },
      )
    }
    const started = now()
    // The body is read here, not inside the library, so a reset or a cut-off body while reading it
    // is a transient fault the HTTP client retries, as it is on a data page.
    let text: string
    try {
      text = await response.text()
    } catch (cause) {
      throw new ConnectionError(
        `oauth2 POST ${redactUrl(tokenUrl)} failed: the connection broke while the token response was read`,
        context({ status: response.status, hint: 'Check the network path to the token endpoint; try again later.' }),
        { cause },
      )
    }
    if (response.ok && looksTruncated(text)) {
      throw new ConnectionError(
        `oauth2 POST ${redactUrl(tokenUrl)} failed: the token response was cut off`,
        context({ status: response.status, hint: 'A proxy or the token endpoint ended the response early.' }),
      )
    }
    const complete = new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    })
    let result: oauth.TokenEndpointResponse
    try {
      result = await oauth.processClientCredentialsResponse(as, client, complete)
    } catch (cause) {
      throw tokenError(cause, complete)
    }
    if (!known.includes(result.access_token)) {
      known.push(result.access_token)
      if (known.length > 9) known.splice(1, 1)
    }
    const expiresIn = typeof result.expires_in === 'number' ? result.expires_in * 1000 : Number.POSITIVE_INFINITY
    // A skew longer than half the lifetime would make every token stale on arrival (a token
    // for 30 s against a 60 s skew) and fetch a new one before every request.
    return { accessToken: result.access_token, expiresAt: started + expiresIn - Math.min(skewMs, expiresIn / 2) }
  }

  function tokenError(cause: unknown, response: Response): Error {
    if (cause instanceof oauth.ResponseBodyError) {
      const code = secrets.redact(cause.error)
      // The library's error keeps the raw body, which a logger would print with the cause chain;
      // everything useful in it is carried, redacted, by the error below.
      const extra = context({
        status: cause.status,
        // Token endpoints sometimes quote the credentials they refused, in any encoding.
        bodySnippet: bodySnippet(
          `${cause.error}${cause.error_description ? `: ${cause.error_description}` : ''}`,
          200,
          secrets.redact,
        ),
      })
      if (code === 'invalid_scope')
        return new PermissionDeniedError(
          `oauth2 token request refused: invalid_scope`,
          { ...extra, hint: 'The requested scope is not granted to this client. Ask the district for the scope.' },
          {},
        )
      if (cause.status >= 500)
        return new ServerError(
          `oauth2 token endpoint failed: ${cause.status}`,
          { ...extra, hint: 'The token endpoint failed. Try again later.' },
          {},
        )
      return new AuthenticationError(
        `oauth2 token request refused: ${code}`,
        { ...extra, hint: 'The token endpoint refused the credentials. Check the client id, secret and token URL.' },
        {},
      )
    }
    if (response.status >= 500)
      return new ServerError(
        `oauth2 token endpoint failed: ${response.status}`,
        context({ status: response.status, hint: 'The token endpoint failed. Try again later.' }),
        { cause },
      )
    if (response.status === 401 || response.status === 400)
      return new AuthenticationError(
        `oauth2 token request refused: ${response.status}`,
        context({ status: response.status, hint: 'The token endpoint refused the credentials.' }),
        { cause },
      )
    return new ResponseShapeError(
      'oauth2 token endpoint returned an unusable token response',
      context({ status: response.status, hint: 'Check that the token URL is the OAuth 2 token endpoint.' }),
      [],
      { cause },
    )
  }

  async function token(ctx: AuthContext): Promise<string> {
    if (cached && now() < cached.expiresAt) return cached.accessToken
    // One refresh shared by every request that finds the cache stale.
    inFlight ??= requestToken(ctx).finally(() => {
      inFlight = undefined
    })
    const fresh = await inFlight
    cached = fresh
    return fresh.accessToken
  }

  return {
    name: 'oauth2-client-credentials',
    secrets: () => known,
    async authorize(request, ctx) {
      const accessToken = await token(ctx).catch((error: unknown) => {
        throw secrets.scrubError(error)
      })
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${accessToken}`)
      return new Request(request, { headers })
    },
    invalidate() {
      cached = undefined
    },
  }
}
