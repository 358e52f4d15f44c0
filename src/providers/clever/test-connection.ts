import { z } from 'zod'
import {
  isAuthenticationError,
  isConfigurationError,
  isConnectionError,
  isHttpError,
  isNotFoundError,
  isPermissionDeniedError,
  isResponseShapeError,
  isRosterkitError,
  isTimeoutError,
} from '../../errors.js'
import type { ConnectionDiagnosis, DiagnosisCheck, TestConnectionOptions } from '../../model/index.js'
import type { CleverHttp } from './clever-http.js'
import { CleverDistrictSchema } from './wire-schemas.js'

/**
 * `testConnection()` of the Clever client: what a settings page shows after *Test connection*.
 *
 * @module
 */

const PROBED = ['schools', 'terms', 'courses', 'sections', 'users', 'events'] as const

const NON_DISTRICT_TOKEN_HINT =
  'Clever answered with a web page instead of data: this is what it does for a token that is not a district-app token (for example an Instant Login or personal token). Use the district token from the app dashboard, or the app client id and secret so rosterkit can look it up.'

function looksLikeHtml(err: unknown): boolean {
  if (isResponseShapeError(err)) return true
  if (!isHttpError(err)) return false
  const snippet = (err.bodySnippet ?? '').trimStart().toLowerCase()
  return snippet.startsWith('<!doctype html') || snippet.startsWith('<html') || snippet.startsWith('<')
}

function failure(id: string, err: unknown): DiagnosisCheck {
  const details: Record<string, unknown> = {}
  if (isHttpError(err) && err.status !== undefined) details.status = err.status
  if (isRosterkitError(err)) details.code = err.code
  const message = err instanceof Error ? err.message : String(err)
  if (looksLikeHtml(err)) {
    return {
      id,
      status: 'fail',
      message: 'Clever answered HTML, not JSON: not a district token',
      hint: NON_DISTRICT_TOKEN_HINT,
      details,
    }
  }
  if (isConfigurationError(err)) return { id, status: 'fail', message, hint: 'Check the Clever settings.', details }
  if (isAuthenticationError(err)) {
    return {
      id,
      status: 'fail',
      message: 'Clever refused the credentials (401)',
      hint: 'The token is wrong or revoked (the district may have disconnected the app), or the client id/secret is wrong.',
      details,
    }
  }
  if (isConnectionError(err) || isTimeoutError(err)) {
    return {
      id,
      status: 'fail',
      message,
      hint: 'Check the network path to Clever (DNS, proxy, firewall) and the base URL.',
      details,
    }
  }
  if (isHttpError(err) && err.hint !== undefined) return { id, status: 'fail', message, hint: err.hint, details }
  return { id, status: 'fail', message, details }
}

/**
 * Checks a Clever connection step by step and returns the findings as data; never throws.
 * @param c - the client's request helpers, or a function that builds them (it may fail, e.g. when
 *   the district token cannot be looked up)
 * @param resolveToken - looks up the district token (app credentials), or undefined for a token
 * @param options - cancellation
 * @param now - clock
 */
export async function testCleverConnection(
  c: CleverHttp,
  resolveToken: (() => Promise<unknown>) | undefined,
  options: TestConnectionOptions,
  now: () => number,
): Promise<ConnectionDiagnosis> {
  const checks: DiagnosisCheck[] = []
  const finish = (): ConnectionDiagnosis => {
    const failed = checks.find((ch) => ch.status === 'fail')
    // A settings page shows this as is: every secret the client knows is taken out first.
    return c.http.redact<ConnectionDiagnosis>({
      ok: failed === undefined,
      source: 'clever',
      checks,
      summary:
        failed === undefined ? 'Clever connection works' : `${failed.message}${failed.hint ? ` — ${failed.hint}` : ''}`,
      testedAt: new Date(now()).toISOString(),
    })
  }
  if (resolveToken !== undefined) {
    try {
      await resolveToken()
      checks.push({ id: 'district-token', status: 'pass', message: 'Found the district token for this application' })
    } catch (err) {
      checks.push(failure('district-token', err))
      return finish()
    }
  }
  try {
    const { record, meta } = await c.getRecord('districts', CleverDistrictListFirst, options.signal)
    const remaining = meta.headers.get('x-ratelimit-remaining')
    checks.push({
      id: 'auth',
      status: 'pass',
      message: 'Clever accepted the token',
      ...(remaining === null ? {} : { details: { rateLimitRemaining: Number(remaining) } }),
    })
    if (record === undefined) {
      checks.push({
        id: 'district',
        status: 'fail',
        message: 'The token sees no district',
        hint: 'Use a district-app token: the district must have connected this application in Clever.',
      })
      return finish()
    }
    checks.push({
      id: 'district',
      status: 'pass',
      message: `District ${record.name ?? record.id} is reachable`,
      details: { districtId: record.id },
    })
  } catch (err) {
    checks.push({ ...failure('auth', err) })
    return finish()
  }
  for (const name of PROBED) {
    const id = `endpoint:${name}`
    try {
      const params: [string, string][] = name === 'events' ? [['ending_before', 'last']] : []
      await c.http.getJson(`${c.options.prefix}/${name}`, {
        searchParams: [['limit', '1'], ...params],
        envelopeKey: 'data',
        signal: options.signal,
      })
      checks.push({ id, status: 'pass', message: `/${name} answers` })
    } catch (err) {
      if (name === 'events' && (isNotFoundError(err) || isPermissionDeniedError(err))) {
        checks.push({
          id,
          status: 'warn',
          message: 'The events API does not answer: incremental sync is unavailable, every sync is a full one',
          hint: 'Enable the Events API for this application in the Clever dashboard.',
        })
      } else if (isNotFoundError(err) || isPermissionDeniedError(err)) {
        checks.push({
          ...failure(id, err),
          hint: `This token cannot read /${name}: the application needs Secure Sync and the matching data scope.`,
        })
      } else {
        checks.push(failure(id, err))
      }
    }
  }
  return finish()
}

/** `/districts` answers a list; the district of a district token is its only entry. */
const CleverDistrictListFirst = z
  .array(z.looseObject({ data: CleverDistrictSchema }))
  .transform((list) => list[0]?.data)
