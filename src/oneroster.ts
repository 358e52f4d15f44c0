/**
 * `rosterkit/oneroster` — the OneRoster REST 1.1 and 1.2 client, filter builder and vendor profiles.
 *
 * @module rosterkit/oneroster
 */
export * from './providers/oneroster/index.js'
