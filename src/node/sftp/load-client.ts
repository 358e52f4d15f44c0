import type { Readable } from 'node:stream'
import { MissingDependencyError } from './errors.js'

/**
 * Loads `ssh2-sftp-client`, an optional peer dependency, only when an SFTP source connects, so
 * `rosterkit/node` imports without it. The types below are the part of its API rosterkit uses,
 * so the public types never depend on a package the user may not have.
 *
 * @module
 */

/** One entry of a folder listing. */
export interface SftpListEntry {
  /** `-` file, `d` folder, `l` link. */
  type: string
  /** Base name. */
  name: string
  /** Size in bytes. */
  size: number
  /** Modification time in milliseconds (the protocol has whole seconds). */
  modifyTime: number
}

/** File attributes. */
export interface SftpStat {
  /** Size in bytes. */
  size: number
  /** Modification time in milliseconds. */
  modifyTime: number
  /** True for a folder. */
  isDirectory: boolean
}

/** The connection options rosterkit passes through to ssh2. */
export interface SftpConnectConfig {
  host: string
  port: number
  username: string
  password?: string | undefined
  privateKey?: string | Buffer | undefined
  passphrase?: string | undefined
  readyTimeout: number
  hostVerifier: (key: Buffer) => boolean
}

/** The client methods rosterkit uses. */
export interface SftpClientLike {
  connect(config: SftpConnectConfig): Promise<unknown>
  list(path: string): Promise<SftpListEntry[]>
  stat(path: string): Promise<SftpStat>
  exists(path: string): Promise<false | string>
  createReadStream(path: string, options?: { start?: number; end?: number; highWaterMark?: number }): Readable
  rename(from: string, to: string): Promise<unknown>
  mkdir(path: string, recursive?: boolean): Promise<unknown>
  end(): Promise<unknown>
}

type ClientConstructor = new (name?: string) => SftpClientLike

let cached: Promise<ClientConstructor> | undefined
/** Held in a variable so type checking and bundling leave the optional package alone. */
const PACKAGE = 'ssh2-sftp-client'

/**
 * The `ssh2-sftp-client` constructor.
 * @throws {MissingDependencyError} when the package is not installed
 */
export function loadSftpClient(): Promise<ClientConstructor> {
  cached ??= (import(PACKAGE) as Promise<{ default?: unknown }>).then(
    (m) => (m.default ?? m) as ClientConstructor,
    (cause: unknown) => {
      cached = undefined
      throw new MissingDependencyError(
        'SFTP drops need the optional package ssh2-sftp-client: run `npm install ssh2-sftp-client`',
        'ssh2-sftp-client',
        { cause },
      )
    },
  )
  return cached
}
