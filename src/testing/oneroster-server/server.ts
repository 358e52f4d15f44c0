/**
 * The `node:http` transport of the fake OneRoster API: a real server on 127.0.0.1 that hands
 * every request to the shared responder.
 *
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fromNodeRequest, type MockServerListenOptions, writeNodeResponse } from '../node-exchange.js'
import { createOneRosterResponder, type MockOneRosterServerOptions, type MockOneRosterStats } from './responder.js'

/** A running loopback server. */
export interface MockOneRosterServer {
  /** Server root including `pathPrefix`, e.g. `http://127.0.0.1:52811`. */
  url: string
  /** The versioned base, e.g. `http://127.0.0.1:52811/ims/oneroster/v1p1`. */
  baseUrl: string
  /** OAuth 2 token endpoint. */
  tokenUrl: string
  /** Counters of what the server answered. */
  readonly stats: MockOneRosterStats
  /** Stops the server and closes every connection. */
  close(): Promise<void>
}

/**
 * Starts a loopback OneRoster server on 127.0.0.1 (a free port unless `listen.port` names one).
 * @param options - version, auth, roster, quirks
 * @param listen - the port (default: a free one)
 */
export async function startMockOneRosterServer(
  options: MockOneRosterServerOptions,
  listen: MockServerListenOptions = {},
): Promise<MockOneRosterServer> {
  const responder = createOneRosterResponder(options)
  let origin = ''
  const server = createServer((req, res) => {
    responder.handle(fromNodeRequest(req, origin)).then(
      (answer) => writeNodeResponse(res, answer),
      () => res.destroy(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port ?? 0, '127.0.0.1', () => resolve())
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const prefix = responder.tokenPath.slice(0, -'/oauth/token'.length)
  return {
    url: origin + prefix,
    baseUrl: origin + responder.versionPath,
    tokenUrl: origin + responder.tokenPath,
    stats: responder.stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
