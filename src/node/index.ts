/**
 * `rosterkit/node` — Node only: read and write OneRoster CSV bundles on the file system.
 *
 * @module rosterkit/node
 */
export { bundleFromPath } from './bundle-from-path.js'
export { createCsvSourceFromPath, readOneRosterCsvFromPath, writeOneRosterCsvToPath } from './csv-on-disk.js'
export * from './sftp/index.js'
