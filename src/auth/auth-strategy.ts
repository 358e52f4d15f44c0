import type { ProviderName } from '../errors.js'

/**
 * The contract every authentication strategy implements: a small object that authorises one
 * request attempt. The HTTP client calls it on every attempt (first try and each retry), so OAuth
 * 1.0a gets a fresh nonce and timestamp and OAuth 2 a token that is still valid.
 *
 * @module
 */

/** The `fetch` signature the transport and auth strategies use (injectable for tests and proxies). */
export type FetchFunction = (input: Request | URL | string, init?: RequestInit) => Promise<Response>

/** What the HTTP client hands a strategy on every attempt. */
export interface AuthContext {
  /** The client's own `fetch`, so token requests share what the client was given (tests inject it). */
  fetch: FetchFunction
  /** Cancels the attempt, including a token request it triggers. */
  signal?: AbortSignal | undefined
  /** 1-based attempt number of the request being authorised. */
  attempt: number
  /** Which provider the client talks to, for error context. */
  provider: ProviderName
  /** Whether the client allows plain `http:` to a loopback host. */
  allowInsecureLoopback: boolean
  /** Per-request timeout in milliseconds that a token request should also respect. */
  timeoutMs: number
}

/** Names of the strategies rosterkit ships. Custom strategies may use any other string. */
export type AuthStrategyName = 'oauth1' | 'oauth2-client-credentials' | 'bearer' | 'basic'

/**
 * Authorises requests for one client.
 *
 * @example
 * ```ts
 * const strategy: AuthStrategy = {
 *   name: 'api-key',
 *   authorize(request) {
 *     const headers = new Headers(request.headers)
 *     headers.set('x-api-key', key)
 *     return new Request(request, { headers })
 *   },
 * }
 * ```
 */
export interface AuthStrategy {
  /** Which strategy this is, for diagnostics (never a secret). */
  readonly name: AuthStrategyName | (string & {})
  /**
   * Returns the request with credentials attached. Called once per attempt, after every query
   * parameter is final, and only for URLs on the client's configured origin.
   * @throws {AuthenticationError} when credentials cannot be obtained (e.g. a token endpoint refused them)
   */
  authorize(request: Request, context: AuthContext): Promise<Request> | Request
  /**
   * Forgets cached credentials after the API answered 401, so the next `authorize` fetches fresh
   * ones. When present, the client retries a 401 exactly once.
   */
  invalidate?(): void
  /**
   * Every secret the strategy knows now: what it was given (a client secret, a static token,
   * Basic credentials) and what it received (access tokens). The HTTP client redacts each of them,
   * in every encoding, from errors, hooks and diagnoses. Never logged or serialised.
   */
  secrets?(): readonly string[]
}
