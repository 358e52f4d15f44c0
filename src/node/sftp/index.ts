/**
 * SFTP drops: a district's nightly OneRoster CSV bundle on an SFTP server, as a roster source.
 *
 * @module
 */
export {
  HostKeyMismatchError,
  isHostKeyMismatchError,
  isMissingDependencyError,
  isSftpConnectionError,
  isSftpDropError,
  MissingDependencyError,
  SftpConnectionError,
  type SftpConnectionFailure,
  SftpDropError,
  type SftpDropFailure,
} from './errors.js'
export { sha256Fingerprint } from './host-key.js'
export {
  createSftpCsvSource,
  type SftpArchiveResult,
  type SftpCsvSource,
  type SftpDropInfo,
} from './sftp-csv-source.js'
export type { SftpCsvSourceOptions } from './sftp-options.js'
