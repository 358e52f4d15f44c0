/**
 * msw handlers that fake a district's OneRoster REST API in-process, answering exactly as the
 * loopback OneRoster server does.
 *
 * @module
 */
import { VERSION_PATHS } from '../../providers/oneroster/endpoints.js'
import {
  createOneRosterResponder,
  type MockOneRosterAuth,
  type MockOneRosterServerOptions,
} from '../oneroster-server/responder.js'
import { type MswApi, mswHandlersFor } from './msw-exchange.js'

/** Options of {@link createOneRosterHandlers}. */
export interface OneRosterHandlersOptions extends Omit<MockOneRosterServerOptions, 'auth' | 'pathPrefix'> {
  /**
   * Where the fake API lives: the server root (`https://sis.example`, or with a vendor prefix
   * `https://sis.example/aeries`), the same with `/ims/oneroster`, or a versioned base
   * (`https://sis.example/ims/oneroster/v1p1`).
   * Rostering reads are answered below `<root>/ims/oneroster/…` and OAuth 2 tokens at
   * `<root>/oauth/token`.
   */
  baseUrl: string
  /**
   * How requests are authenticated. OAuth 1.0a signatures are verified as on the loopback server.
   * @default { type: 'none' } — every request is accepted
   */
  auth?: MockOneRosterAuth
}

/**
 * Creates msw request handlers that serve `roster` as a OneRoster 1.1 or 1.2 REST API, with the
 * same routing, auth checks, token endpoint, paging, filtering, envelopes and quirks as
 * `startMockOneRosterServer`, for tests that already run msw and would rather not open a port.
 * @typeParam Handler - msw's handler type, inferred from the `http` passed in
 * @param msw - msw's `http` and `HttpResponse` (msw stays an optional peer dependency)
 * @param options - where the API lives, version, roster, auth, quirks
 * @returns msw handlers for `setupServer(...)` or `server.use(...)`
 * @throws TypeError when `baseUrl` is not an absolute URL
 * @example
 * ```ts
 * import { http, HttpResponse } from 'msw'
 * import { setupServer } from 'msw/node'
 * const server = setupServer(...createOneRosterHandlers({ http, HttpResponse }, {
 *   baseUrl: 'https://sis.example', version: '1.1', roster: generateDistrict({ seed: 1 }),
 *   auth: { type: 'bearer', token: 'test-token' },
 * }))
 * ```
 */
export function createOneRosterHandlers<Handler>(msw: MswApi<Handler>, options: OneRosterHandlersOptions): Handler[] {
  const { baseUrl, auth, ...rest } = options
  const url = new URL(baseUrl)
  // The same readings of a pasted URL as the OneRoster client's: a root, `…/ims/oneroster`, or a versioned base.
  let path = url.pathname.replace(/\/+$/, '')
  const versioned = Object.values(VERSION_PATHS).find((suffix) => path.endsWith(suffix))
  path = versioned === undefined ? path.replace(/\/ims\/oneroster$/, '') : path.slice(0, -versioned.length)
  const responder = createOneRosterResponder({ ...rest, auth: auth ?? { type: 'none' }, pathPrefix: path })
  const origin = url.origin
  return mswHandlersFor(
    msw,
    [origin + responder.tokenPath, origin + responder.versionPath, `${origin}${responder.versionPath}/*`],
    (request) => responder.handle(request),
  )
}
