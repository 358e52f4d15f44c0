/**
 * `rosterkit/node` — Node only: read and write OneRoster CSV bundles on the file system, and read a
 * district's CSV drops from an SFTP server (with the optional peer dependency `ssh2-sftp-client`).
 *
 * @module rosterkit/node
 */
export { bundleFromPath } from './bundle-from-path.js'
export { createCsvSourceFromPath, readOneRosterCsvFromPath, writeOneRosterCsvToPath } from './csv-on-disk.js'
export * from './sftp/index.js'
