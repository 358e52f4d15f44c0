import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fromNodeRequest, type MockServerListenOptions, writeNodeResponse } from '../node-exchange.js'
import {
  type CleverResponder,
  createCleverResponder,
  type MockCleverChanges,
  type MockCleverFault,
  type MockCleverServerOptions,
} from './responder.js'

/**
 * A real `node:http` Clever v3 server on 127.0.0.1 serving a canonical roster, for tests and demos.
 *
 * @module
 */

/** The running loopback Clever server. */
export interface MockCleverServer extends Omit<CleverResponder, 'handle'> {
  /** Origin, e.g. `http://127.0.0.1:54321`; the tokens endpoint is `${origin}/oauth/tokens`. */
  readonly origin: string
  /** Data API base for the version, e.g. `http://127.0.0.1:54321/v3.0`. */
  baseUrl(version?: '3.0' | '3.1'): string
  /** Stops the server and closes open connections. */
  close(): Promise<void>
}

/**
 * Starts a loopback Clever v3 server serving `roster`: `/v3.0` and `/v3.1` data endpoints with
 * `limit`/`starting_after`/`ending_before` paging and `links`, `count=true`, bearer checks (an HTML
 * page for a wrong token), `/oauth/tokens` with Basic auth, an events feed driven by
 * {@link MockCleverServer.applyChanges}, `X-Ratelimit-*` headers and 429s past the limit.
 * @param options - the roster and behaviour
 * @param listen - the port (default: a free one)
 * @example
 * ```ts
 * const server = await startMockCleverServer({ roster: generateDistrict({ seed: 1 }) })
 * const client = createCleverClient({ token: server.token }, { baseUrl: server.baseUrl(), allowInsecureLoopback: true })
 * ```
 */
export async function startMockCleverServer(
  options: MockCleverServerOptions,
  listen: MockServerListenOptions = {},
): Promise<MockCleverServer> {
  const responder = createCleverResponder(options)
  const server = createServer((req, res) => {
    writeNodeResponse(res, responder.handle(fromNodeRequest(req, 'http://127.0.0.1')))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`

  return {
    origin,
    baseUrl: (version = '3.0') => `${origin}/v${version}`,
    token: responder.token,
    clientId: responder.clientId,
    clientSecret: responder.clientSecret,
    districtId: responder.districtId,
    requests: responder.requests,
    roster: () => responder.roster(),
    applyChanges: (changes: MockCleverChanges) => responder.applyChanges(changes),
    latestEventId: () => responder.latestEventId(),
    expireEvents: (id?: string) => responder.expireEvents(id),
    failNext: (fault: MockCleverFault) => responder.failNext(fault),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
