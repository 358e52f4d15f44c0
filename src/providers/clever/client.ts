import { type AuthStrategy, createBearerAuth } from '../../auth/index.js'
import type {
  ConnectionDiagnosis,
  PullOptions,
  Roster,
  RosterSource,
  TestConnectionOptions,
} from '../../model/index.js'
import { createHttpClient, createRateGovernor } from '../../transport/index.js'
import { type CleverHttp, createCleverHttp } from './clever-http.js'
import {
  type CleverAppCredentials,
  type CleverClientOptions,
  type CleverCredentials,
  resolveCleverOptions,
} from './client-options.js'
import { listCleverDistrictTokens, pickDistrictToken } from './district-tokens.js'
import { type CleverEventsResource, createCleverEvents } from './events-feed.js'
import type { CleverApiVersion } from './mapping-context.js'
import { pullCleverDelta, pullFullCleverRoster } from './pull.js'
import { type CleverResources, createCleverResources } from './resources.js'
import { testCleverConnection } from './test-connection.js'

/**
 * `createCleverClient`: the Clever v3.0/v3.1 client and roster source.
 *
 * @module
 */

/** A Clever v3 client: typed resources, events, and the `RosterSource` contract. */
export interface CleverClient extends RosterSource, CleverResources {
  /** Always `clever`. */
  readonly kind: 'clever'
  /** Incremental pulls go through the events API. */
  readonly supportsIncremental: true
  /** The API version spoken. */
  readonly apiVersion: CleverApiVersion
  /** `/events`: the newest cursor and the typed events after a cursor. */
  readonly events: CleverEventsResource
  /** The district id, once known (given, or found through the tokens endpoint). */
  districtId(): Promise<string | undefined>
  /**
   * Checks the credentials, the district and each resource, and diagnoses the usual mistakes (a
   * token that is not a district token, the events API not enabled). Never throws.
   */
  testConnection(options?: TestConnectionOptions): Promise<ConnectionDiagnosis>
  /**
   * Pulls the district as a canonical roster: everything (`bulk`) without `since`, the changes
   * since a previous `roster.cursor` (`delta`, through events) with it.
   * @throws {FullResyncRequiredError} when `since` is unknown to Clever or older than its retention
   * @throws {IncompletePullError} when a listing breaks off part-way
   */
  pull(options?: PullOptions): Promise<Roster>
}

function isApp(credentials: CleverCredentials): credentials is CleverAppCredentials {
  return 'clientId' in credentials
}

/**
 * Creates a Clever v3 client from a district token or from app credentials (the client then lists
 * the app's district tokens and uses the one of `districtId`). Every request goes through the
 * shared HTTP core: retries with backoff, `X-Ratelimit-*` and 429 handling through a rate governor
 * (1,200 requests per minute per token unless one is shared in), redaction and the same-origin
 * guard on `links[rel=next]`.
 * @param credentials - `{ token }` or `{ clientId, clientSecret, districtId? }`
 * @param options - API version, base URL, page size, rate governor, transport options
 * @throws {ConfigurationError} on invalid credentials or options
 * @example
 * ```ts
 * const clever = createCleverClient({ token: process.env.CLEVER_DISTRICT_TOKEN! }, { apiVersion: '3.1' })
 * for await (const teacher of clever.users.list({ role: 'teacher' })) console.log(teacher.name?.last)
 * const roster = await clever.pull()
 * const changes = await clever.pull({ since: roster.cursor })
 * ```
 */
export function createCleverClient(credentials: CleverCredentials, options: CleverClientOptions = {}): CleverClient {
  const resolved = resolveCleverOptions(credentials, options)
  const governor = options.rateGovernor ?? createRateGovernor({ requests: 1200, intervalMs: 60_000, now: resolved.now })
  let knownDistrict = isApp(credentials) ? credentials.districtId : undefined
  let tokenLookup: Promise<string> | undefined
  const lookUpToken = (): Promise<string> => {
    if (!isApp(credentials)) return Promise.resolve(credentials.token)
    // One lookup shared by every request; a failed lookup is forgotten so a later call can retry.
    tokenLookup ??= listCleverDistrictTokens(credentials, { ...options, tokensUrl: resolved.tokensUrl })
      .then((tokens) => {
        const picked = pickDistrictToken(tokens, credentials.districtId, resolved.tokensUrl)
        knownDistrict = picked.owner.id
        return picked.access_token
      })
      .catch((err: unknown) => {
        tokenLookup = undefined
        throw err
      })
    return tokenLookup
  }
  const auth: AuthStrategy = createBearerAuth({ token: isApp(credentials) ? lookUpToken : credentials.token })
  const http = createHttpClient({
    baseUrl: `${resolved.origin}${resolved.prefix}/`,
    provider: 'clever',
    auth,
    // The app secret that found the token is redacted from this client's errors and diagnoses too.
    secrets: isApp(credentials) ? [credentials.clientSecret] : [],
    fetch: options.fetch,
    maxRetries: options.maxRetries,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    rateGovernor: governor,
    allowInsecureLoopback: options.allowInsecureLoopback,
    hooks: options.hooks,
    sleep: options.sleep,
    now: resolved.now,
  })
  const c: CleverHttp = createCleverHttp(http, resolved, governor)
  const events = createCleverEvents(c)
  const resources = createCleverResources(c)
  return {
    kind: 'clever',
    label: `Clever v${resolved.apiVersion}`,
    supportsIncremental: true,
    apiVersion: resolved.apiVersion,
    ...resources,
    events,
    async districtId() {
      if (knownDistrict !== undefined) return knownDistrict
      const first = await resources.districts.list({ limit: 1 }).toArray({ limit: 1 })
      knownDistrict = first[0]?.id
      return knownDistrict
    },
    testConnection: (testOptions = {}) =>
      testCleverConnection(c, isApp(credentials) ? lookUpToken : undefined, testOptions, resolved.now).catch(
        (err: unknown): ConnectionDiagnosis => ({
          ok: false,
          source: 'clever',
          checks: [{ id: 'unexpected', status: 'fail', message: err instanceof Error ? err.message : String(err) }],
          summary: 'The connection test failed unexpectedly',
          testedAt: new Date(resolved.now()).toISOString(),
        }),
      ),
    pull: (pullOptions = {}) =>
      pullOptions.since === undefined
        ? pullFullCleverRoster(c, events, pullOptions)
        : pullCleverDelta(c, events, pullOptions.since, pullOptions),
  }
}
