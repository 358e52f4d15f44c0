/**
 * msw handlers that fake a district's Clever v3 API in-process, answering exactly as the loopback
 * Clever server does.
 *
 * @module
 */
import { createCleverResponder, type MockCleverServerOptions } from '../clever-server/responder.js'
import { type MswApi, mswHandlersFor } from './msw-exchange.js'

/** Options of {@link createCleverHandlers}. */
export interface CleverHandlersOptions extends MockCleverServerOptions {
  /**
   * Origin of the fake API; a trailing `/v3.0` or `/v3.1` is accepted and ignored, as both
   * versions are served below the origin with the tokens endpoint at `<origin>/oauth/tokens`.
   * @default 'https://api.clever.com'
   */
  baseUrl?: string
}

/**
 * Creates msw request handlers that serve `roster` as Clever's v3.0 and v3.1 API, with the same
 * district-token check (an HTML page for a wrong token), tokens endpoint, cursor paging, nested
 * endpoints, rate-limit headers and quirks as `startMockCleverServer`, for tests that already run
 * msw and would rather not open a port.
 * @typeParam Handler - msw's handler type, inferred from the `http` passed in
 * @param msw - msw's `http` and `HttpResponse` (msw stays an optional peer dependency)
 * @param options - the roster, the district token (@default 'district-token') and behaviour
 * @returns msw handlers for `setupServer(...)` or `server.use(...)`
 * @throws TypeError when `baseUrl` is not an absolute URL
 * @example
 * ```ts
 * import { http, HttpResponse } from 'msw'
 * import { setupServer } from 'msw/node'
 * const server = setupServer(...createCleverHandlers({ http, HttpResponse }, { roster: generateDistrict({ seed: 1 }) }))
 * const client = createCleverClient({ token: 'district-token' })
 * ```
 */
export function createCleverHandlers<Handler>(msw: MswApi<Handler>, options: CleverHandlersOptions): Handler[] {
  const { baseUrl, ...rest } = options
  const origin = new URL(baseUrl ?? 'https://api.clever.com').origin
  const responder = createCleverResponder(rest)
  return mswHandlersFor(msw, [`${origin}/oauth/tokens`, `${origin}/v3.0/*`, `${origin}/v3.1/*`], (request) =>
    responder.handle(request),
  )
}
