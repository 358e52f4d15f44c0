import type { ParseArgsConfig } from 'node:util'
import type { RosterSource } from '../model/index.js'
import { createCsvSourceFromPath } from '../node/index.js'
import { createCleverClient } from '../providers/clever/index.js'
import {
  createOneRosterClient,
  type OneRosterAuth,
  VENDOR_PROFILES,
  type VendorId,
} from '../providers/oneroster/index.js'
import { UsageError } from './exit-codes.js'
import type { CliIo } from './io.js'
import { createSftpSourceFromFlags, SFTP_OPTIONS, SFTP_USAGE } from './sftp-flags.js'

/**
 * The command-line options that name a roster source and its credentials, shared by every command
 * that reads one, and the factory that turns them into a `RosterSource`.
 *
 * @module
 */

/** The `--source` values. */
export const SOURCE_KINDS = ['oneroster-1.1', 'oneroster-1.2', 'clever', 'csv', 'sftp'] as const
/** A `--source` value. */
export type SourceFlag = (typeof SOURCE_KINDS)[number]

/** parseArgs options naming a source. */
export const SOURCE_OPTIONS = {
  source: { type: 'string' },
  url: { type: 'string' },
  'token-url': { type: 'string' },
  auth: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  token: { type: 'string' },
  'district-id': { type: 'string' },
  vendor: { type: 'string' },
  bundle: { type: 'string' },
  'allow-insecure-loopback': { type: 'boolean' },
  ...SFTP_OPTIONS,
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** The source options as parsed. */
export type SourceFlags = {
  [K in keyof typeof SOURCE_OPTIONS]?: (typeof SOURCE_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string
}

/** Usage lines of the source options. */
export const SOURCE_USAGE = `source options:
  --source KIND           oneroster-1.1 | oneroster-1.2 | clever | csv | sftp (csv with --bundle, sftp with --sftp)
  --bundle PATH           a OneRoster CSV bundle: a .zip file or a folder
  --url URL               OneRoster base URL (root or versioned path), or the Clever API origin  [ROSTERKIT_URL]
  --auth KIND             oauth1 | oauth2 | bearer (default: oauth1 for 1.1, oauth2 for 1.2, bearer with --token)
  --token-url URL         OAuth 2 token endpoint                                              [ROSTERKIT_TOKEN_URL]
  --client-id ID          OAuth client id, or Clever app client id                            [ROSTERKIT_CLIENT_ID]
  --client-secret SECRET  OAuth client secret, or Clever app secret                           [ROSTERKIT_CLIENT_SECRET]
  --token TOKEN           bearer token, or Clever district token                              [ROSTERKIT_TOKEN]
  --district-id ID        Clever district, with app credentials
  --vendor ID             OneRoster vendor profile: ${Object.keys(VENDOR_PROFILES).join(', ')}
  --allow-insecure-loopback  allow plain http to 127.0.0.1/localhost (test servers only)

Credentials are read from the environment variables in brackets when the option is absent; prefer
them to options, which other users of the machine can see in the process list. They are never printed.

${SFTP_USAGE}`

function pick(flag: string | undefined, env: string | undefined): string | undefined {
  return flag !== undefined && flag !== '' ? flag : env !== undefined && env !== '' ? env : undefined
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is required`)
  return value
}

/**
 * Builds the roster source the options name. Credentials are registered as secrets of `io`, so no
 * output of the command can print them.
 * @param flags - the parsed source options
 * @param io - the command's io (environment, secrets)
 * @throws {UsageError} when the options are incomplete or contradictory
 */
export function createSourceFromFlags(flags: SourceFlags, io: CliIo): RosterSource {
  const env = io.env
  const implied = flags.bundle !== undefined ? 'csv' : flags.sftp !== undefined ? 'sftp' : undefined
  const kind = (flags.source ?? implied) as SourceFlag | undefined
  if (kind === undefined) throw new UsageError('one of --source, --bundle or --sftp is required')
  if (!SOURCE_KINDS.includes(kind)) throw new UsageError(`--source must be one of ${SOURCE_KINDS.join(', ')}`)
  const clientId = pick(flags['client-id'], env.ROSTERKIT_CLIENT_ID)
  const clientSecret = pick(flags['client-secret'], env.ROSTERKIT_CLIENT_SECRET)
  const token = pick(flags.token, env.ROSTERKIT_TOKEN)
  for (const secret of [clientSecret, token]) if (secret !== undefined) io.secrets.add(secret)
  const url = pick(flags.url, env.ROSTERKIT_URL)
  const allowInsecureLoopback = flags['allow-insecure-loopback'] === true

  if (kind === 'csv') return createCsvSourceFromPath(required(flags.bundle, '--bundle'))
  if (kind === 'sftp') return createSftpSourceFromFlags(flags, io)

  if (kind === 'clever') {
    const options = { ...(url === undefined ? {} : { baseUrl: url }), allowInsecureLoopback }
    if (token !== undefined) return createCleverClient({ token }, options)
    return createCleverClient(
      {
        clientId: required(clientId, '--client-id (or --token)'),
        clientSecret: required(clientSecret, '--client-secret'),
        ...(flags['district-id'] === undefined ? {} : { districtId: flags['district-id'] }),
      },
      options,
    )
  }

  const version = kind === 'oneroster-1.1' ? '1.1' : '1.2'
  const authKind = flags.auth ?? (token !== undefined ? 'bearer' : version === '1.1' ? 'oauth1' : 'oauth2')
  let auth: OneRosterAuth
  if (authKind === 'bearer') auth = { type: 'bearer', token: required(token, '--token') }
  else if (authKind === 'oauth1' || authKind === 'oauth2') {
    const id = required(clientId, '--client-id')
    const secret = required(clientSecret, '--client-secret')
    auth =
      authKind === 'oauth1'
        ? { type: 'oauth1', clientId: id, clientSecret: secret }
        : {
            type: 'oauth2',
            clientId: id,
            clientSecret: secret,
            tokenUrl: required(pick(flags['token-url'], env.ROSTERKIT_TOKEN_URL), '--token-url'),
          }
  } else throw new UsageError('--auth must be oauth1, oauth2 or bearer')
  const vendor = flags.vendor
  if (vendor !== undefined && !(vendor in VENDOR_PROFILES)) {
    throw new UsageError(`--vendor must be one of ${Object.keys(VENDOR_PROFILES).join(', ')}`)
  }
  return createOneRosterClient({
    baseUrl: required(url, '--url'),
    version,
    auth,
    allowInsecureLoopback,
    ...(vendor === undefined ? {} : { vendor: vendor as VendorId }),
  })
}
