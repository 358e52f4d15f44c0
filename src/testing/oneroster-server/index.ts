/**
 * A fake OneRoster REST API that serves a canonical roster as 1.1 or 1.2 wire JSON on every
 * rostering read endpoint, with OAuth 1.0a verification, an OAuth 2 token endpoint and real-world
 * faults on demand — as a real server on 127.0.0.1 or, through msw, without opening a port.
 * Node only.
 *
 * @example
 * ```ts
 * const server = await startMockOneRosterServer({ version: '1.2', auth: { type: 'oauth2', clientId: 'id', clientSecret: 's' }, roster })
 * const client = createOneRosterClient({ baseUrl: server.url, version: '1.2', auth: { type: 'oauth2', clientId: 'id', clientSecret: 's', tokenUrl: server.tokenUrl }, allowInsecureLoopback: true })
 * await server.close()
 * ```
 * @module
 */
export type {
  MockOneRosterAuth,
  MockOneRosterQuirks,
  MockOneRosterServerOptions,
  MockOneRosterStats,
} from './responder.js'
export { type MockOneRosterServer, startMockOneRosterServer } from './server.js'
