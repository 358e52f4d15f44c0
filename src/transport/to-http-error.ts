import {
  ApiError,
  AuthenticationError,
  type HttpErrorContext,
  NotFoundError,
  PermissionDeniedError,
  type ProviderName,
  RateLimitError,
  ServerError,
} from '../errors.js'

/**
 * Maps an error status to the matching `ApiError` subclass with a message and a hint a person can
 * act on.
 *
 * @module
 */

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id', 'x-trace-id']

/**
 * The server's request id, when it sent one.
 * @param headers - response headers
 */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)
    if (value !== null && value !== '') return value.slice(0, 200)
  }
  return undefined
}

/** What {@link toApiError} needs to know about the failed exchange. */
export interface ErrorStatusInput {
  provider: ProviderName
  method: string
  /** Already redacted. */
  url: string
  status: number
  statusText: string
  headers: Headers
  /** Already redacted. */
  bodySnippet?: string | undefined
  retryAfterMs?: number | undefined
}

function hintFor(status: number, provider: ProviderName): string {
  if (status === 401)
    return provider === 'clever'
      ? 'The token was refused. Check the district token, or reconnect the district in Clever.'
      : 'The credentials were refused. Check the client id and secret, and the system clock (OAuth 1.0a signatures carry a timestamp).'
  if (status === 403)
    return 'The credentials are valid but lack permission for this data. Ask the district to grant the missing scope or endpoint.'
  if (status === 404) return 'The endpoint does not exist here. Check the base URL and the API version.'
  if (status === 429) return 'The server is rate limiting. Try again later or lower the request rate.'
  if (status >= 500) return 'The server failed. Try again later; if it persists, contact the SIS vendor.'
  return 'The server refused the request.'
}

/**
 * The error for an error status.
 * @param input - status, headers and redacted context
 */
export function toApiError(input: ErrorStatusInput): ApiError {
  const context: HttpErrorContext = {
    provider: input.provider,
    method: input.method,
    url: input.url,
    status: input.status,
    hint: hintFor(input.status, input.provider),
  }
  const requestId = requestIdOf(input.headers)
  if (requestId !== undefined) context.requestId = requestId
  if (input.retryAfterMs !== undefined) context.retryAfterMs = input.retryAfterMs
  if (input.bodySnippet !== undefined && input.bodySnippet !== '') context.bodySnippet = input.bodySnippet
  const reason = input.bodySnippet ? ` (${input.bodySnippet.slice(0, 120)})` : ''
  const message =
    `${input.provider} ${input.method} ${input.url} failed: ${input.status} ${input.statusText}`.trimEnd() + reason
  const s = input.status
  if (s === 401) return new AuthenticationError(message, context)
  if (s === 403) return new PermissionDeniedError(message, context)
  if (s === 404) return new NotFoundError(message, context)
  if (s === 429) return new RateLimitError(message, context)
  if (s >= 500) return new ServerError(message, context)
  return new ApiError(message, context)
}
