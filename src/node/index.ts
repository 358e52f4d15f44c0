/**
 * `rosterkit/node` — Node only: read and write OneRoster CSV bundles on the file system.
 *
 * @module rosterkit/node
 */
export {}
