import { readFileSync } from 'node:fs'
import type { ParseArgsConfig } from 'node:util'
import { createSftpCsvSource, type SftpArchiveResult, type SftpCsvSource } from '../node/index.js'
import { UsageError } from './exit-codes.js'
import type { CliIo } from './io.js'

/**
 * The `--sftp` options: a district's OneRoster CSV drop folder on an SFTP server as the source of a
 * command. Credentials never go on the command line (other users see it in the process list): the
 * private key comes from a file or an environment variable, the password from an environment
 * variable whose name may be chosen.
 *
 * @module
 */

/** parseArgs options of an SFTP drop source. */
export const SFTP_OPTIONS = {
  sftp: { type: 'string' },
  'sftp-host-key': { type: 'string' },
  'sftp-key-file': { type: 'string' },
  'sftp-key-env': { type: 'string' },
  'sftp-password-env': { type: 'string' },
  'sftp-passphrase-env': { type: 'string' },
  'sftp-pattern': { type: 'string' },
  'sftp-settle': { type: 'string' },
  'sftp-stale-days': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** parseArgs options a command that applies a sync adds, to archive the imported drop afterwards. */
export const SFTP_SYNC_OPTIONS = {
  'sftp-archive': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** The SFTP options as parsed. */
export type SftpFlags = {
  [K in keyof typeof SFTP_OPTIONS]?: string
} & { 'sftp-archive'?: boolean }

/** Usage lines of the SFTP options. */
export const SFTP_USAGE = `SFTP drop options (a OneRoster CSV drop folder on an SFTP server):
  --sftp URL                 sftp://USER@HOST[:PORT]/FOLDER (no password in the URL)
  --sftp-host-key PIN        the server's key: SHA256:… from ssh-keygen -lf, or its public key line
                                                                                  [ROSTERKIT_SFTP_HOST_KEY]
  --sftp-key-file PATH       private key file                                     [ROSTERKIT_SFTP_KEY_FILE]
  --sftp-key-env NAME        environment variable holding the private key text    (default ROSTERKIT_SFTP_PRIVATE_KEY)
  --sftp-password-env NAME   environment variable holding the password            (default ROSTERKIT_SFTP_PASSWORD)
  --sftp-passphrase-env NAME environment variable holding the key's passphrase    (default ROSTERKIT_SFTP_PASSPHRASE)
  --sftp-pattern GLOB        which drops to read, e.g. 'roster-*.zip' (default: every .zip and CSV folder)
  --sftp-settle SECONDS      how long a drop must stay unchanged before it is read (default 5)
  --sftp-stale-days N        test-connection warns when the newest drop is older (default 2)`

function envValue(io: CliIo, name: string): string | undefined {
  const value = io.env[name]
  return value === undefined || value === '' ? undefined : value
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number of 0 or more`)
  return n
}

/**
 * Builds the SFTP drop source the options name. Every credential is registered as a secret of `io`,
 * so no output of the command can print it.
 * @param flags - the parsed options
 * @param io - the command's io (environment, secrets)
 * @throws {UsageError} when the URL, the host key or a credential is missing
 */
export function createSftpSourceFromFlags(flags: SftpFlags, io: CliIo): SftpCsvSource {
  const raw = flags.sftp
  if (raw === undefined) throw new UsageError('--sftp is required')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError('--sftp must be a URL such as sftp://user@sftp.district.example/oneroster')
  }
  if (url.protocol !== 'sftp:') throw new UsageError('--sftp must start with sftp://')
  if (url.password !== '') {
    io.secrets.add(decodeURIComponent(url.password))
    throw new UsageError('--sftp must not hold a password; put it in ROSTERKIT_SFTP_PASSWORD (or --sftp-password-env)')
  }
  if (url.username === '') throw new UsageError('--sftp needs a user name: sftp://USER@HOST/FOLDER')
  const hostKey = flags['sftp-host-key'] ?? envValue(io, 'ROSTERKIT_SFTP_HOST_KEY')
  if (hostKey === undefined) {
    throw new UsageError(
      '--sftp-host-key is required: pin the server key (ask the district for `ssh-keygen -lf` output)',
    )
  }
  const keyFile = flags['sftp-key-file'] ?? envValue(io, 'ROSTERKIT_SFTP_KEY_FILE')
  const keyText = envValue(io, flags['sftp-key-env'] ?? 'ROSTERKIT_SFTP_PRIVATE_KEY')
  const privateKey = keyFile !== undefined ? readFileSync(keyFile, 'utf8') : keyText
  const password = envValue(io, flags['sftp-password-env'] ?? 'ROSTERKIT_SFTP_PASSWORD')
  const passphrase = envValue(io, flags['sftp-passphrase-env'] ?? 'ROSTERKIT_SFTP_PASSPHRASE')
  for (const secret of [privateKey, password, passphrase]) if (secret !== undefined) io.secrets.add(secret)
  if (privateKey === undefined && password === undefined) {
    throw new UsageError(
      'SFTP needs a private key (--sftp-key-file, or ROSTERKIT_SFTP_PRIVATE_KEY) or a password (ROSTERKIT_SFTP_PASSWORD)',
    )
  }
  const settle = number(flags['sftp-settle'], '--sftp-settle')
  const staleDays = number(flags['sftp-stale-days'], '--sftp-stale-days')
  const path = decodeURIComponent(url.pathname) || '/'
  return createSftpCsvSource({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    username: decodeURIComponent(url.username),
    hostKey,
    // `sftp://host/~/drop` and `sftp://host/./drop` name a folder relative to the login folder.
    path: path.replace(/^\/(~|\.)\//, ''),
    ...(privateKey === undefined ? {} : { privateKey }),
    ...(password === undefined ? {} : { password }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(flags['sftp-pattern'] === undefined ? {} : { pattern: flags['sftp-pattern'] }),
    ...(settle === undefined ? {} : { settleMs: settle * 1000 }),
    ...(staleDays === undefined ? {} : { staleAfterDays: staleDays }),
  })
}

/**
 * After a sync command applied a run, moves the imported drop to the archive folder when
 * `--sftp-archive` was given. Only an `applied` outcome archives: its cursor is the drop that was
 * imported completely.
 * @param source - the command's source (anything; only an SFTP drop source archives)
 * @param outcome - the run's outcome
 * @param cursor - the sync state's cursor after the run
 * @param flags - the parsed options
 */
export async function archiveSftpDropAfterSync(
  source: unknown,
  outcome: string,
  cursor: string | undefined,
  flags: SftpFlags,
): Promise<SftpArchiveResult | undefined> {
  if (flags['sftp-archive'] !== true || outcome !== 'applied') return undefined
  const sftp = source as Partial<SftpCsvSource>
  if (typeof sftp.archiveImported !== 'function') return undefined
  return sftp.archiveImported(cursor)
}
