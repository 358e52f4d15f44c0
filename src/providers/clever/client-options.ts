import { z } from 'zod'
import type { FetchFunction } from '../../auth/index.js'
import { ConfigurationError } from '../../errors.js'
import type { RateGovernor, RetryOptions, SleepFunction, TransportHooks } from '../../transport/index.js'
import type { CleverApiVersion } from './mapping-context.js'

/**
 * Credentials and options of the Clever client, checked once at construction.
 *
 * @module
 */

/** A district-app token, as shown in Clever's dashboard or listed by the tokens endpoint. */
export interface CleverTokenCredentials {
  /** The district token. */
  token: string
}

/**
 * Application credentials: the client lists the app's district tokens
 * (`GET https://clever.com/oauth/tokens?owner_type=district`, Basic auth) and uses the one of
 * `districtId`.
 */
export interface CleverAppCredentials {
  /** The app's client id. */
  clientId: string
  /** The app's client secret. */
  clientSecret: string
  /** The district whose token to use; may be left out when the app is connected to one district only. */
  districtId?: string | undefined
}

/** How the client authenticates. */
export type CleverCredentials = CleverTokenCredentials | CleverAppCredentials

/** Options of `createCleverClient`. */
export interface CleverClientOptions {
  /**
   * Clever API version.
   * @default '3.0'
   */
  apiVersion?: CleverApiVersion | undefined
  /**
   * API origin, with or without the version path (`https://api.clever.com` or `…/v3.0`).
   * @default 'https://api.clever.com'
   */
  baseUrl?: string | undefined
  /**
   * The district-tokens endpoint, used with app credentials.
   * @default 'https://clever.com/oauth/tokens'
   */
  tokensUrl?: string | undefined
  /**
   * Records per page (`limit`); Clever answers 413 above 10,000.
   * @default 1000
   */
  pageSize?: number | undefined
  /**
   * Request-rate budget. Share one governor between every client (and worker in the process) that
   * uses the same district token, since Clever counts per token.
   * @default a governor of 1,200 requests per minute for this client alone
   */
  rateGovernor?: RateGovernor | undefined
  /**
   * How long Clever keeps events; an incremental cursor older than this needs a full resync.
   * @default 30
   */
  eventRetentionDays?: number | undefined
  /**
   * The `fetch` used for every request.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined
  /**
   * Per-attempt timeout in milliseconds.
   * @default 30_000
   */
  timeoutMs?: number | undefined
  /**
   * Retries per request after the first attempt (429, 5xx, network errors, timeouts).
   * @default 4
   */
  maxRetries?: number | undefined
  /** Backoff settings and the longest rate-limit wait accepted. */
  retry?: RetryOptions | undefined
  /**
   * Requests in flight at once.
   * @default 4
   */
  concurrency?: number | undefined
  /**
   * DANGEROUS: allows plain `http:` to a loopback host, for the loopback test server only. Never for
   * a real district: the token would travel unencrypted.
   * @default false
   */
  allowInsecureLoopback?: boolean | undefined
  /**
   * Fail a pull with `ResponseShapeError` on the first record of an unexpected shape, instead of
   * leaving the record out with a source issue and marking its collections incomplete.
   * @default false
   */
  strict?: boolean | undefined
  /** Logging and progress hooks; they receive redacted data only. */
  hooks?: TransportHooks | undefined
  /**
   * Sleep between retries, injectable so tests capture delays.
   * @default a `setTimeout`-based sleep
   */
  sleep?: SleepFunction | undefined
  /**
   * Clock, for event retention and rate-limit resets.
   * @default Date.now
   */
  now?: (() => number) | undefined
}

const CredentialsSchema = z.union([
  z.object({ token: z.string().min(1, 'The district token is empty') }),
  z.object({
    clientId: z.string().min(1, 'The client id is empty'),
    clientSecret: z.string().min(1, 'The client secret is empty'),
    districtId: z.string().min(1).optional(),
  }),
])

const OptionsSchema = z.object({
  apiVersion: z.enum(['3.0', '3.1']).optional(),
  baseUrl: z.url().optional(),
  tokensUrl: z.url().optional(),
  pageSize: z.number().int().min(1).max(10_000, 'Clever answers 413 above 10,000 records per page').optional(),
  eventRetentionDays: z.number().positive().optional(),
  timeoutMs: z.number().positive().optional(),
  maxRetries: z.number().int().nonnegative().optional(),
  concurrency: z.number().int().positive().optional(),
})

/** Options after defaults. */
export interface ResolvedCleverOptions {
  /** API version. */
  apiVersion: CleverApiVersion
  /** Origin of the data API. */
  origin: string
  /** Path prefix of the version, e.g. `/v3.0`. */
  prefix: string
  /** Tokens endpoint. */
  tokensUrl: string
  /** Page size. */
  pageSize: number
  /** Event retention in milliseconds. */
  eventRetentionMs: number
  /** Fail on a malformed record instead of leaving it out. */
  strict: boolean
  /** Clock. */
  now: () => number
}

/**
 * Checks credentials and options and fills in defaults.
 * @param credentials - token or app credentials
 * @param options - client options
 * @throws {ConfigurationError} listing every problem found
 */
export function resolveCleverOptions(
  credentials: CleverCredentials,
  options: CleverClientOptions,
): ResolvedCleverOptions {
  const creds = CredentialsSchema.safeParse(credentials)
  const opts = OptionsSchema.safeParse(options)
  const issues = [...(creds.success ? [] : creds.error.issues), ...(opts.success ? [] : opts.error.issues)]
  if (issues.length > 0) {
    throw new ConfigurationError(
      `Invalid Clever client options: ${issues.map((i) => i.message).join('; ')}`,
      issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
    )
  }
  const apiVersion = options.apiVersion ?? '3.0'
  const base = new URL(options.baseUrl ?? 'https://api.clever.com')
  // Pagination links are absolute paths with the version (`/v3.0/users?…`), so the client keeps the
  // origin and adds the version itself, whichever form the caller gave.
  const rootPath = base.pathname.replace(/\/+$/, '').replace(/\/v3\.[01]$/, '')
  return {
    apiVersion,
    origin: base.origin,
    prefix: `${rootPath}/v${apiVersion}`,
    tokensUrl: options.tokensUrl ?? 'https://clever.com/oauth/tokens',
    pageSize: options.pageSize ?? 1000,
    eventRetentionMs: (options.eventRetentionDays ?? 30) * 24 * 3600 * 1000,
    strict: options.strict ?? false,
    now: options.now ?? Date.now,
  }
}
