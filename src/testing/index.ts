/**
 * `rosterkit/testing` — Node only. A seeded district generator, loopback OneRoster and Clever
 * servers with faults on demand, and an in-memory host store, for tests, benchmarks and demos.
 *
 * @module rosterkit/testing
 */
export * from './clever-server/index.js'
export * from './generate-district.js'
export * from './memory-store.js'
export * from './msw/index.js'
export type { MockServerListenOptions } from './node-exchange.js'
export * from './oneroster-server/index.js'
