/**
 * `rosterkit/testing` — Node only. A seeded district generator, loopback OneRoster and Clever
 * servers with faults on demand, and an in-memory host store, for tests, benchmarks and demos.
 *
 * @module rosterkit/testing
 */
export * from './generate-district.js'
