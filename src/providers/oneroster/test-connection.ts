/**
 * `client.testConnection()`: a diagnosis a settings page can show, as data. Every check runs
 * against the real provider; nothing here throws.
 *
 * @module
 */
import {
  isAbortedError,
  isAuthenticationError,
  isConnectionError,
  isHttpError,
  isNotFoundError,
  isPermissionDeniedError,
  isResponseShapeError,
  isTimeoutError,
  ResponseShapeError,
} from '../../errors.js'
import type { ConnectionDiagnosis, DiagnosisCheck, TestConnectionOptions } from '../../model/index.js'
import type { ClientInternals } from './client.js'
import { VERSION_PATHS } from './endpoints.js'

/** The endpoints vendors are asked to serve, and whether a pull needs them. */
const REQUIRED_ENDPOINTS: readonly [string, boolean][] = [
  ['academicSessions', true],
  ['classes', true],
  ['courses', true],
  ['demographics', false],
  ['enrollments', true],
  ['orgs', true],
  ['users', true],
]

/** Clock skew beyond which OAuth 1 signatures are refused by common providers (5 minutes). */
const OAUTH1_SKEW_MS = 5 * 60_000

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function isTlsFailure(err: unknown): boolean {
  const parts: string[] = []
  let current: unknown = err instanceof Error ? err.cause : undefined
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(describe(current), String((current as { code?: unknown }).code ?? ''))
    current = (current as { cause?: unknown }).cause
  }
  return /cert|tls|ssl|self[- ]signed|handshake/i.test(parts.join(' '))
}

/**
 * Diagnoses a connection; never throws.
 * @param client - the client's internals
 * @param options - signal
 */
export async function diagnoseConnection(
  client: ClientInternals,
  options: TestConnectionOptions,
): Promise<ConnectionDiagnosis> {
  const checks: DiagnosisCheck[] = []
  const add = (check: DiagnosisCheck) => checks.push(check)
  const { auth, profile, version, baseUrls, observed } = client
  const names = profile.credentialNames
  const signal = options.signal
  try {
    await runChecks()
  } catch (err) {
    add({ id: 'unexpected', status: 'fail', message: `The test stopped: ${describe(err)}` })
  }
  const failed = checks.find((c) => c.status === 'fail')
  // A settings page shows this as is: every secret the client knows is taken out first.
  return client.http.redact({
    ok: failed === undefined,
    source: 'oneroster-rest',
    checks,
    summary: failed === undefined ? 'Connection works.' : `${failed.message}${failed.hint ? ` ${failed.hint}` : ''}`,
    testedAt: new Date().toISOString(),
  } satisfies ConnectionDiagnosis)

  async function probe(path: string, http = client.http) {
    const answer = await http.getJson<Record<string, unknown>>(path, {
      searchParams: { limit: 1 },
      signal,
      maxRetries: 0,
    })
    // A gateway's `{"errors":[…]}` is a 200 too; only the collection (or a bare list) counts as an answer.
    if (!Array.isArray(answer.body) && !(path in answer.body)) {
      throw new ResponseShapeError(`GET ${path} answered JSON without "${path}"`, {
        provider: 'oneroster',
        method: 'GET',
        url: answer.meta.url,
        status: answer.meta.status,
      })
    }
    return answer
  }

  function clockSkew(): number | undefined {
    if (observed.date === undefined || observed.receivedAt === undefined) return undefined
    const serverMs = Date.parse(observed.date)
    return Number.isNaN(serverMs) ? undefined : serverMs - observed.receivedAt
  }

  function addClockCheck(): number | undefined {
    const skew = clockSkew()
    if (skew === undefined) return undefined
    // HTTP dates have one-second resolution; anything under a few seconds is noise.
    const abs = Math.abs(skew)
    if (abs < 30_000) {
      add({ id: 'clock-skew', status: 'pass', message: 'Server and local clocks agree.', details: { skewMs: skew } })
    } else {
      const severe = auth.type === 'oauth1' && abs >= OAUTH1_SKEW_MS - 60_000
      add({
        id: 'clock-skew',
        status: severe ? 'fail' : 'warn',
        message: `The server clock differs from this machine's by ${Math.round(skew / 1000)} s.`,
        hint:
          auth.type === 'oauth1'
            ? 'OAuth 1 signatures carry a timestamp that servers refuse when clocks differ by minutes: sync this machine’s clock (NTP) or ask the district to fix the server’s.'
            : 'Sync this machine’s clock (NTP); large differences break token expiry.',
        details: { skewMs: skew },
      })
    }
    return skew
  }

  async function diagnoseNotFound(): Promise<void> {
    const other = version === '1.1' ? '1.2' : '1.1'
    const otherHttp = client.makeHttp(baseUrls.root + VERSION_PATHS[other])
    try {
      await probe('orgs', otherHttp)
      add({
        id: 'version',
        status: 'fail',
        message: `No OneRoster ${version} service at ${baseUrls.versioned}, but OneRoster ${other} answered at ${baseUrls.root + VERSION_PATHS[other]}.`,
        hint: `Set the version to ${other}.`,
        details: { answered: other },
      })
    } catch (err) {
      if (isHttpError(err) && err.status !== undefined && err.status !== 404) {
        add({
          id: 'version',
          status: 'fail',
          message: `No OneRoster ${version} service at ${baseUrls.versioned}; the OneRoster ${other} path answered with ${err.status}.`,
          hint: `Set the version to ${other} and check the credentials.`,
          details: { answered: other, status: err.status },
        })
      } else {
        add({
          id: 'base-path',
          status: 'fail',
          message: `Neither OneRoster 1.1 nor 1.2 answers under ${baseUrls.root}.`,
          hint: `Check the base URL: it should be the server root or end in ${VERSION_PATHS[version]}${profile.basePathPattern ? ` (for ${profile.name}: ${profile.basePathPattern})` : ''}.`,
        })
      }
    }
  }

  function authHint(): string {
    const challenge = (observed.wwwAuthenticate ?? '').toLowerCase()
    if (auth.type === 'oauth1' && challenge.startsWith('bearer')) {
      return `The server expects OAuth 2 (bearer tokens), not OAuth 1 signatures: switch the auth type to OAuth 2 and enter the token URL${profile.tokenUrlPattern ? ` (${profile.tokenUrlPattern})` : ''}.`
    }
    if (auth.type !== 'oauth1' && challenge.startsWith('oauth')) {
      return `The server expects OAuth 1.0a signed requests: switch the auth type to OAuth 1 and use the ${names.clientId} and ${names.clientSecret}.`
    }
    if (auth.type === 'oauth1') {
      const skew = clockSkew()
      if (skew !== undefined && Math.abs(skew) >= OAUTH1_SKEW_MS - 60_000) {
        return 'The signature was refused and the clocks differ by minutes: fix the clock first.'
      }
      return `Check the ${names.clientId} and ${names.clientSecret}; copy them again without spaces.`
    }
    return `Check the ${names.clientId} and ${names.clientSecret}, and that the credentials are active.`
  }

  async function runChecks(): Promise<void> {
    const secure = baseUrls.versioned.startsWith('https:')
    try {
      const { meta } = await probe('orgs')
      add({ id: 'reachability', status: 'pass', message: `The server answered at ${baseUrls.versioned}.` })
      add(
        secure
          ? { id: 'tls', status: 'pass', message: 'TLS certificate accepted.' }
          : { id: 'tls', status: 'skip', message: 'Plain HTTP to a loopback server: no TLS to check.' },
      )
      add({ id: 'auth', status: 'pass', message: `Credentials accepted (${auth.type}).` })
      add({ id: 'version', status: 'pass', message: `OneRoster ${version} answers.`, details: { status: meta.status } })
      addClockCheck()
    } catch (err) {
      if (isAbortedError(err)) throw err
      if (isConnectionError(err) || isTimeoutError(err)) {
        const tls = secure && isTlsFailure(err)
        add({
          id: tls ? 'tls' : 'reachability',
          status: 'fail',
          message: tls
            ? `The TLS connection to ${baseUrls.root} failed: ${describe(err)}`
            : `The server at ${baseUrls.root} cannot be reached: ${describe(err)}`,
          hint: tls
            ? 'The server’s certificate is not trusted (expired, self-signed or for another name); ask the district to install a valid certificate.'
            : 'Check the base URL’s host name, and that the server allows connections from this network (firewall, VPN, allow-list).',
        })
        return
      }
      add({ id: 'reachability', status: 'pass', message: 'The server answered.' })
      const skew = addClockCheck()
      if (isResponseShapeError(err)) {
        add({
          id: 'json',
          status: 'fail',
          message: `The server answered ${observed.contentType ?? 'something other than JSON'} where OneRoster JSON was due.`,
          hint: 'The base URL points at a web page (a login portal, a proxy or an error page), not the OneRoster API: copy the API URL from the SIS’s OneRoster settings.',
        })
        return
      }
      if (err instanceof Error && isHttpError(err) && err.provider === 'oauth2') {
        // The token endpoint failed: ask the API without credentials which scheme it expects.
        try {
          await probe('orgs', client.makeHttp(baseUrls.versioned, false))
        } catch {
          // only the challenge header matters
        }
      }
      if (isAuthenticationError(err)) {
        const tokenEndpoint = err.provider === 'oauth2'
        add({
          id: tokenEndpoint ? 'token' : 'auth',
          status: 'fail',
          message: tokenEndpoint
            ? `The token endpoint refused the ${names.clientId} and ${names.clientSecret}.`
            : `The server refused the credentials (401).`,
          hint: tokenEndpoint
            ? observed.wwwAuthenticate?.toLowerCase().startsWith('oauth') === true
              ? 'This server expects OAuth 1.0a signed requests, not OAuth 2 tokens: switch the auth type to OAuth 1.'
              : `Check the ${names.clientId}, ${names.clientSecret} and token URL.`
            : authHint(),
          details: { status: err.status, skewMs: skew },
        })
        return
      }
      if (isNotFoundError(err) && err.provider === 'oauth2') {
        add({
          id: 'token',
          status: 'fail',
          message: 'The token URL does not exist (404).',
          hint:
            observed.wwwAuthenticate?.toLowerCase().startsWith('oauth') === true
              ? 'This server signs requests with OAuth 1: switch the auth type to OAuth 1.'
              : `Check the token URL${profile.tokenUrlPattern ? ` (for ${profile.name}: ${profile.tokenUrlPattern})` : ''}.`,
        })
        return
      }
      if (isNotFoundError(err)) {
        await diagnoseNotFound()
        return
      }
      if (isPermissionDeniedError(err)) {
        add({
          id: 'scope',
          status: 'fail',
          message: 'The credentials are valid but not allowed to read orgs (403).',
          hint: 'Ask the district to grant the application the roster scopes (roster-core.readonly, roster.readonly).',
        })
        return
      }
      add({ id: 'auth', status: 'fail', message: `The first request failed: ${describe(err)}` })
      return
    }
    await checkEndpoints()
    await checkPageSize()
  }

  async function checkEndpoints(): Promise<void> {
    for (const [name, required] of REQUIRED_ENDPOINTS) {
      try {
        await probe(name)
        add({ id: `endpoint:${name}`, status: 'pass', message: `${name} answers.` })
      } catch (err) {
        if (isAbortedError(err)) throw err
        const status = isHttpError(err) ? err.status : undefined
        const scope = status === 403
        add({
          id: `endpoint:${name}`,
          status: required ? 'fail' : 'warn',
          message: `${name} does not answer (${status ?? describe(err)}).`,
          hint: scope
            ? name === 'demographics'
              ? 'Demographics need their own permission (OneRoster 1.2 scope roster-demographics.readonly); ask the district to grant it if the application needs birth dates or demographics.'
              : `The credentials lack the permission (scope) to read ${name}; ask the district to grant the roster scopes.`
            : required
              ? `The provider must serve ${name} for a roster sync; ask the district to enable it.`
              : `${name} is optional; the sync runs without it.`,
          details: { status },
        })
      }
    }
  }

  async function checkPageSize(): Promise<void> {
    const asked = client.pageSize
    try {
      const { body, meta } = await client.http.getJson<Record<string, unknown>>('users', {
        searchParams: { limit: asked },
        signal,
        maxRetries: 0,
      })
      const items = Array.isArray(body) ? body : body.users
      const got = Array.isArray(items) ? items.length : 0
      const totalHeader = profile.countHeaders.map((h) => meta.headers.get(h)).find((v) => v !== null)
      const total = totalHeader == null ? undefined : Number(totalHeader)
      let cap: number | undefined
      if (got < asked) {
        if (total !== undefined && Number.isFinite(total)) {
          if (got < total) cap = got
        } else if (got > 0) {
          const next = await client.http.getJson<Record<string, unknown>>('users', {
            searchParams: { limit: 1, offset: got },
            signal,
            maxRetries: 0,
          })
          const more = Array.isArray(next.body) ? next.body : next.body.users
          if (Array.isArray(more) && more.length > 0) cap = got
        }
      }
      add(
        cap === undefined
          ? {
              id: 'page-size',
              status: 'pass',
              message: `Pages of ${asked} are served in full.`,
              details: { asked, total },
            }
          : {
              id: 'page-size',
              status: 'warn',
              message: `The server returns at most ${cap} records per page (asked for ${asked})${total === undefined ? ' and sends no total count' : ''}.`,
              hint: 'rosterkit pages by what the server returns, so every record is still read; more requests are needed.',
              details: { asked, cap, total },
            },
      )
    } catch (err) {
      if (isAbortedError(err)) throw err
      add({ id: 'page-size', status: 'skip', message: `Page size not measured: ${describe(err)}` })
    }
  }
}
