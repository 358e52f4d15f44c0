import { createBasicAuth } from '../../auth/index.js'
import { ConfigurationError, NotFoundError, ResponseShapeError } from '../../errors.js'
import { createHttpClient } from '../../transport/index.js'
import type { CleverAppCredentials, CleverClientOptions } from './client-options.js'
import { type CleverDistrictToken, CleverDistrictTokensResponseSchema } from './wire-schemas.js'

/**
 * Listing an application's district tokens and picking the one of a district.
 *
 * @module
 */

/** Transport options that also apply to the tokens endpoint. */
export type CleverTokensRequestOptions = Pick<
  CleverClientOptions,
  'tokensUrl' | 'fetch' | 'timeoutMs' | 'maxRetries' | 'retry' | 'allowInsecureLoopback' | 'hooks' | 'sleep' | 'now'
> & {
  /** Cancels the request. */
  signal?: AbortSignal | undefined
}

/**
 * Lists the district tokens of a Clever application (`GET /oauth/tokens?owner_type=district` with
 * Basic auth), optionally for one district. Each token's `owner.id` is the district id.
 * @param credentials - the app's client id and secret, and optionally a district id
 * @param options - tokens URL and transport options
 * @throws {AuthenticationError} when Clever refuses the client id or secret
 * @throws {ResponseShapeError} when the answer is not a token listing
 */
export async function listCleverDistrictTokens(
  credentials: CleverAppCredentials,
  options: CleverTokensRequestOptions = {},
): Promise<CleverDistrictToken[]> {
  const tokensUrl = options.tokensUrl ?? 'https://clever.com/oauth/tokens'
  const http = createHttpClient({
    baseUrl: tokensUrl,
    provider: 'clever',
    auth: createBasicAuth({ username: credentials.clientId, password: credentials.clientSecret }),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    retry: options.retry,
    allowInsecureLoopback: options.allowInsecureLoopback,
    hooks: options.hooks,
    sleep: options.sleep,
    now: options.now,
  })
  const response = await http.getJson(tokensUrl, {
    searchParams: {
      owner_type: 'district',
      ...(credentials.districtId === undefined ? {} : { district: credentials.districtId }),
    },
    envelopeKey: 'data',
    signal: options.signal,
  })
  const parsed = CleverDistrictTokensResponseSchema.safeParse(response.body)
  if (!parsed.success) {
    throw new ResponseShapeError(
      'Clever GET /oauth/tokens answered something that is not a district token listing',
      { provider: 'clever', method: 'GET', url: response.meta.url, status: response.meta.status },
      parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
    )
  }
  return parsed.data.data.filter((t) => t.owner.type === 'district')
}

/**
 * Picks the token of `districtId` from a listing, or the only one when no district is named.
 * @param tokens - the app's district tokens
 * @param districtId - the district wanted
 * @param url - the (redacted) tokens URL, for error context
 * @throws {NotFoundError} when the district has not connected the app
 * @throws {ConfigurationError} when no district is named and the app has several (or none)
 */
export function pickDistrictToken(
  tokens: readonly CleverDistrictToken[],
  districtId: string | undefined,
  url: string,
): CleverDistrictToken {
  if (districtId !== undefined) {
    const match = tokens.find((t) => t.owner.id === districtId)
    if (match !== undefined) return match
    throw new NotFoundError(`Clever lists no token for district ${districtId}`, {
      provider: 'clever',
      method: 'GET',
      url,
      status: 200,
      hint: 'The district has not connected (authorised) this application in Clever, or the district id is wrong.',
    })
  }
  const only = tokens[0]
  if (tokens.length === 1 && only !== undefined) return only
  throw new ConfigurationError(
    tokens.length === 0
      ? 'No district has connected this Clever application yet'
      : `This Clever application is connected to ${tokens.length} districts: pass districtId to choose one`,
    [{ path: ['districtId'], message: 'required to choose a district token' }],
  )
}
