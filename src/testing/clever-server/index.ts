/**
 * The fake Clever v3 API of `rosterkit/testing`: a canonical roster served as Clever JSON, with
 * district tokens, events, rate limits and faults on demand — on 127.0.0.1 or, through msw,
 * without opening a port.
 *
 * @module
 */

export type {
  MockCleverChanges,
  MockCleverFault,
  MockCleverRequest,
  MockCleverServerOptions,
  MockCleverServerQuirks,
} from './responder.js'
export { type MockCleverServer, startMockCleverServer } from './server.js'
export {
  CLEVER_LOSSY_FIELDS,
  type CleverWireRecords,
  type ToCleverWireOptions,
  toCleverWire,
} from './to-clever-wire.js'
