/**
 * `rosterkit` — the runtime-agnostic core: the canonical roster model, the validator, the merge
 * engine, sync orchestration, errors and their guards.
 *
 * @module rosterkit
 */
export * from './errors.js'
export * from './merge/index.js'
export * from './model/index.js'
export * from './sync/index.js'
export * from './validate/index.js'
export { VERSION } from './version.js'
