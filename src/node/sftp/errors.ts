import { createErrorGuard, RosterkitError, type RosterkitErrorOptions } from '../../errors.js'

/**
 * Typed errors of the SFTP drop source. Messages and `toJSON()` name hosts, folders, file names and
 * key fingerprints only: never a password, a private key or a passphrase.
 *
 * @module
 */

/** Why an SFTP connection could not be made. */
export type SftpConnectionFailure = 'dns' | 'refused' | 'timeout' | 'auth' | 'closed' | 'protocol'

/** The SFTP server could not be reached or refused the login. */
export class SftpConnectionError extends RosterkitError {
  /** What went wrong: name lookup, refused, timed out, login refused, connection dropped, protocol. */
  readonly reason: SftpConnectionFailure
  /** `host:port` tried. */
  readonly server: string
  /** What a district admin can do about it. */
  readonly hint: string
  constructor(
    message: string,
    context: { reason: SftpConnectionFailure; server: string; hint: string },
    options: RosterkitErrorOptions = {},
  ) {
    super(message, 'ROSTERKIT_SFTP_CONNECTION', options)
    this.reason = context.reason
    this.server = context.server
    this.hint = context.hint
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, server: this.server, hint: this.hint }
  }
}

/** The server presented a host key other than the pinned one: the connection was closed before any login. */
export class HostKeyMismatchError extends RosterkitError {
  /** `host:port` tried. */
  readonly server: string
  /** The pinned key's SHA256 fingerprint, as `ssh-keygen -lf` prints it. */
  readonly expected: string
  /** The fingerprint the server presented. */
  readonly received: string
  /** What a district admin can do about it. */
  readonly hint: string
  constructor(
    message: string,
    context: { server: string; expected: string; received: string },
    options: RosterkitErrorOptions = {},
  ) {
    super(message, 'ROSTERKIT_HOST_KEY_MISMATCH', options)
    this.server = context.server
    this.expected = context.expected
    this.received = context.received
    this.hint =
      'Confirm the server key with the SFTP host (ssh-keygen -lf on its public host key); update the pinned key only if they confirm a change'
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      server: this.server,
      expected: this.expected,
      received: this.received,
      hint: this.hint,
    }
  }
}

/** Why a drop folder gave no bundle to read. */
export type SftpDropFailure =
  | 'folder-missing'
  | 'no-drop'
  | 'older-drop'
  | 'incomplete-drop'
  | 'drop-changed'
  | 'unsafe-name'

/** The drop folder holds nothing that may be read: missing, empty, an older or incomplete bundle. */
export class SftpDropError extends RosterkitError {
  /** What is wrong with the drop. */
  readonly reason: SftpDropFailure
  /** The drop folder. */
  readonly folder: string
  /** The file or folder concerned, when there is one. */
  readonly file: string | undefined
  /** What a district admin can do about it. */
  readonly hint: string
  constructor(
    message: string,
    context: { reason: SftpDropFailure; folder: string; file?: string | undefined; hint: string },
    options: RosterkitErrorOptions = {},
  ) {
    super(message, 'ROSTERKIT_SFTP_DROP', options)
    this.reason = context.reason
    this.folder = context.folder
    this.file = context.file
    this.hint = context.hint
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, folder: this.folder, file: this.file, hint: this.hint }
  }
}

/** An optional peer dependency a feature needs is not installed. */
export class MissingDependencyError extends RosterkitError {
  /** The npm package to install. */
  readonly packageName: string
  constructor(message: string, packageName: string, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_MISSING_DEPENDENCY', options)
    this.packageName = packageName
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), packageName: this.packageName }
  }
}

/** True for an {@link SftpConnectionError}. */
export const isSftpConnectionError: (value: unknown) => value is SftpConnectionError =
  createErrorGuard<SftpConnectionError>('ROSTERKIT_SFTP_CONNECTION')
/** True for a {@link HostKeyMismatchError}. */
export const isHostKeyMismatchError: (value: unknown) => value is HostKeyMismatchError =
  createErrorGuard<HostKeyMismatchError>('ROSTERKIT_HOST_KEY_MISMATCH')
/** True for an {@link SftpDropError}. */
export const isSftpDropError: (value: unknown) => value is SftpDropError =
  createErrorGuard<SftpDropError>('ROSTERKIT_SFTP_DROP')
/** True for a {@link MissingDependencyError}. */
export const isMissingDependencyError: (value: unknown) => value is MissingDependencyError =
  createErrorGuard<MissingDependencyError>('ROSTERKIT_MISSING_DEPENDENCY')
