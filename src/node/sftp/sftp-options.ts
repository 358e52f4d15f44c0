import { ConfigurationError, type ErrorIssue } from '../../errors.js'
import type { ZipLimits } from '../../providers/csv/index.js'
import { globToRegExp } from './drop-folder.js'
import { parseHostKeyPins } from './host-key.js'

/**
 * The options of an SFTP drop source, and their checks before any connection is made.
 *
 * @module
 */

/** Options of {@link createSftpCsvSource}. Give `privateKey` or `password`, and always `hostKey`. */
export interface SftpCsvSourceOptions {
  /** The SFTP server's host name or address. */
  host: string
  /**
   * The SFTP port.
   * @default 22
   */
  port?: number | undefined
  /** The account the district created for the drop. */
  username: string
  /** The account's private key (OpenSSH or PEM text). Preferred over a password. */
  privateKey?: string | Uint8Array | undefined
  /** The private key's passphrase, when it has one. */
  passphrase?: string | undefined
  /** The account's password, when the server does not take keys. */
  password?: string | undefined
  /**
   * The server's host key pin (required): its SHA256 fingerprint as `ssh-keygen -lf` prints it
   * (`SHA256:…`), or its public key line (`ssh-ed25519 AAAA…`). Several pins allow a key rotation.
   * A server presenting any other key is refused before a credential is sent.
   */
  hostKey: string | readonly string[]
  /** The drop folder, e.g. `/upload/oneroster` or `oneroster` (relative to the login folder). */
  path: string
  /**
   * Which zip files and sub-folders are drops: a glob such as `roster-*.zip`, or an expression.
   * By default every `.zip`, every sub-folder holding CSV files, and CSV files lying in the folder itself.
   */
  pattern?: string | RegExp | undefined
  /**
   * How long a drop must stay unchanged (size and time) before it is read, in milliseconds.
   * @default 5000
   */
  settleMs?: number | undefined
  /**
   * `testConnection` warns when the newest drop is older than this many days.
   * @default 2
   */
  staleAfterDays?: number | undefined
  /**
   * The sub-folder of `path` that `archiveImported` moves imported drops into.
   * @default 'archive'
   */
  archiveFolder?: string | undefined
  /**
   * How long to wait for the SSH handshake, in milliseconds.
   * @default 20000
   */
  timeoutMs?: number | undefined
  /** Label for reports; by default `sftp://host[:port]/path`. */
  label?: string | undefined
  /**
   * Make `pull()` throw when the bundle has any error-level issue; warnings become errors.
   * @default false
   */
  strict?: boolean | undefined
  /** Zip safety limits. */
  limits?: ZipLimits | undefined
  /**
   * Keep password cells in `metadata.password`.
   * @default false
   */
  includePasswords?: boolean | undefined
}

/** The options, checked and with defaults, secrets kept apart from everything that may be shown. */
export interface ResolvedSftpOptions {
  host: string
  port: number
  username: string
  secrets: { privateKey?: string | Uint8Array; passphrase?: string; password?: string }
  pins: string[]
  folder: string
  pattern: RegExp | undefined
  settleMs: number
  staleAfterDays: number
  archiveFolder: string
  timeoutMs: number
  label: string
}

/**
 * Checks the options.
 * @throws {ConfigurationError} listing every problem; never quoting a secret
 */
export function resolveSftpOptions(options: SftpCsvSourceOptions): ResolvedSftpOptions {
  const issues: ErrorIssue[] = []
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path: [path], message })
  }
  need(typeof options.host === 'string' && options.host.trim() !== '', 'host', 'required')
  need(typeof options.username === 'string' && options.username !== '', 'username', 'required')
  need(typeof options.path === 'string' && options.path !== '', 'path', 'required (the drop folder)')
  const port = options.port ?? 22
  need(Number.isInteger(port) && port > 0 && port < 65536, 'port', 'must be a port number')
  need(options.privateKey !== undefined || options.password !== undefined, 'privateKey', 'give privateKey or password')
  const archiveFolder = options.archiveFolder ?? 'archive'
  need(
    /^[^/\\\0]+$/.test(archiveFolder) && !/^\.+$/.test(archiveFolder),
    'archiveFolder',
    'must be a plain folder name',
  )
  const settleMs = options.settleMs ?? 5000
  need(Number.isFinite(settleMs) && settleMs >= 0, 'settleMs', 'must be 0 or more')
  let pins: string[] = []
  try {
    pins = parseHostKeyPins(options.hostKey)
  } catch (error) {
    if (error instanceof ConfigurationError) issues.push(...error.issues)
    else throw error
  }
  if (issues.length > 0) {
    throw new ConfigurationError(
      `Invalid SFTP options: ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      issues,
    )
  }
  const folder = options.path.length > 1 ? options.path.replace(/\/+$/, '') : options.path
  const secrets: ResolvedSftpOptions['secrets'] = {}
  if (options.privateKey !== undefined) secrets.privateKey = options.privateKey
  if (options.passphrase !== undefined) secrets.passphrase = options.passphrase
  if (options.password !== undefined) secrets.password = options.password
  const host = options.host.trim()
  return {
    host,
    port,
    username: options.username,
    secrets,
    pins,
    folder,
    pattern: typeof options.pattern === 'string' ? globToRegExp(options.pattern) : options.pattern,
    settleMs,
    staleAfterDays: options.staleAfterDays ?? 2,
    archiveFolder,
    timeoutMs: options.timeoutMs ?? 20_000,
    label:
      options.label ?? `sftp://${host}${port === 22 ? '' : `:${port}`}${folder.startsWith('/') ? '' : '/'}${folder}`,
  }
}
