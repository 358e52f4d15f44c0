/**
 * `rosterkit/clever` — the Clever v3.0/v3.1 client: district tokens, data resources, events.
 *
 * @module rosterkit/clever
 */
export * from './providers/clever/index.js'
