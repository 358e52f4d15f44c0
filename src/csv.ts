/**
 * `rosterkit/csv` — read, write and validate OneRoster CSV bundles (bytes and web streams).
 *
 * @module rosterkit/csv
 */
export * from './providers/csv/index.js'
