/**
 * The loopback Clever v3 server of `rosterkit/testing`: a canonical roster served as Clever JSON
 * on 127.0.0.1, with district tokens, events, rate limits and faults on demand.
 *
 * @module
 */

export {
  type MockCleverChanges,
  type MockCleverFault,
  type MockCleverRequest,
  type MockCleverServer,
  type MockCleverServerOptions,
  type MockCleverServerQuirks,
  startMockCleverServer,
} from './server.js'
export {
  CLEVER_LOSSY_FIELDS,
  type CleverWireRecords,
  type ToCleverWireOptions,
  toCleverWire,
} from './to-clever-wire.js'
