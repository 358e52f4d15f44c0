import type { Readable } from 'node:stream'
import { AbortedError, ConfigurationError } from '../../errors.js'
import { HostKeyMismatchError, SftpConnectionError } from './errors.js'
import { sha256Fingerprint } from './host-key.js'
import { loadSftpClient, type SftpClientLike } from './load-client.js'

/**
 * Opens an SFTP session with the host key checked against the pins before any credential is sent,
 * and turns every way it can fail into a typed error with a hint for a district admin. Credentials
 * go to ssh2 only: they are not kept, logged, or put in any error.
 *
 * @module
 */

/** How to reach and log in to the server. */
export interface SftpLogin {
  host: string
  port: number
  username: string
  password?: string | undefined
  privateKey?: string | Uint8Array | undefined
  passphrase?: string | undefined
  /** SHA256 fingerprints the server's key must match (one of). */
  pins: readonly string[]
  timeoutMs: number
}

/** An open session; `close()` always resolves. */
export interface SftpSession {
  client: SftpClientLike
  /** The fingerprint of the key the server presented. */
  hostKey: string
  /** Opens a file for reading; the session waits for it to close before it ends. */
  read(path: string, range?: { start: number; end: number }): Readable
  close(): Promise<void>
}

const STREAM_CLOSE_WAIT_MS = 2000
/** The size of one SFTP read (OpenSSH serves up to 255 KiB per request). */
const READ_CHUNK_BYTES = 255 * 1024

function classify(error: unknown, server: string, login: SftpLogin): SftpConnectionError | ConfigurationError {
  const e = error as { code?: unknown; message?: unknown; level?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' ? e.message : String(error)
  if (/Cannot parse privateKey|Encrypted private OpenSSH key detected|bad passphrase/i.test(message)) {
    return new ConfigurationError(
      'The private key could not be read: check its format and passphrase',
      [{ path: ['privateKey'], message: 'unreadable private key' }],
      { cause: error },
    )
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /Address lookup failed/.test(message)) {
    return new SftpConnectionError(
      `The SFTP host name ${login.host} does not resolve`,
      { reason: 'dns', server, hint: 'Check the host name for typos; ask the district which SFTP host to use' },
      { cause: error },
    )
  }
  if (code === 'ECONNREFUSED' || /refused connection/.test(message)) {
    return new SftpConnectionError(
      `${server} refused the connection`,
      {
        reason: 'refused',
        server,
        hint: 'Check the port (SFTP is usually 22) and that the server allows connections from this network',
      },
      { cause: error },
    )
  }
  if (code === 'ETIMEDOUT' || /Timed out/i.test(message)) {
    return new SftpConnectionError(
      `${server} did not answer in time`,
      { reason: 'timeout', server, hint: 'A firewall may drop the connection; ask the district to allow this server' },
      { cause: error },
    )
  }
  if (/authentication methods failed|auth/i.test(message)) {
    const how = login.privateKey !== undefined ? 'key' : 'password'
    return new SftpConnectionError(
      `${server} refused the login of ${login.username} (${how})`,
      {
        reason: 'auth',
        server,
        hint:
          how === 'key'
            ? "Check the user name and that this public key is in the account's authorized keys"
            : 'Check the user name and password with the district',
      },
      { cause: error },
    )
  }
  if (/ECONNRESET|closed|end/i.test(code + message)) {
    return new SftpConnectionError(
      `${server} closed the connection`,
      { reason: 'closed', server, hint: 'The server may limit connections or allow only listed addresses' },
      { cause: error },
    )
  }
  return new SftpConnectionError(
    `The SFTP session with ${server} could not be opened`,
    { reason: 'protocol', server, hint: 'Check that the server offers the SFTP subsystem to this user' },
    { cause: error },
  )
}

/**
 * Connects and opens the SFTP subsystem.
 * @throws {HostKeyMismatchError} when the server's key matches no pin
 * @throws {SftpConnectionError} when the server cannot be reached or refuses the login
 * @throws {ConfigurationError} when the private key cannot be read
 * @throws {MissingDependencyError} when ssh2-sftp-client is not installed
 * @throws {AbortedError} when `signal` aborts
 */
export async function openSftpSession(login: SftpLogin, signal?: AbortSignal): Promise<SftpSession> {
  const Client = await loadSftpClient()
  if (signal?.aborted) throw new AbortedError()
  const client = new Client('rosterkit')
  const server = `${login.host}:${login.port}`
  let presented: string | undefined
  let mismatch = false
  const streams = new Set<Readable>()
  const close = async () => {
    // Ending while a file handle is still open leaves its close request unanswered, which ssh2
    // reports as an uncaught error on the stream.
    await Promise.all(
      [...streams].map(
        (stream) =>
          new Promise<void>((resolve) => {
            if (stream.closed) return resolve()
            const timer = setTimeout(resolve, STREAM_CLOSE_WAIT_MS)
            stream.once('close', () => {
              clearTimeout(timer)
              resolve()
            })
            stream.destroy()
          }),
      ),
    )
    await client.end().catch(() => undefined)
  }
  const read = (path: string, range?: { start: number; end: number }): Readable => {
    // Each read is one request and one round trip: larger reads cut the round trips of a big drop.
    const stream = client.createReadStream(path, { ...range, highWaterMark: READ_CHUNK_BYTES })
    // Errors reach the reader through iteration; this keeps late ones from crashing the process.
    stream.on('error', () => undefined)
    streams.add(stream)
    stream.once('close', () => streams.delete(stream))
    return stream
  }
  const onAbort = () => void close()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await client.connect({
      host: login.host,
      port: login.port,
      username: login.username,
      ...(login.password === undefined ? {} : { password: login.password }),
      ...(login.privateKey === undefined
        ? {}
        : { privateKey: typeof login.privateKey === 'string' ? login.privateKey : Buffer.from(login.privateKey) }),
      ...(login.passphrase === undefined ? {} : { passphrase: login.passphrase }),
      readyTimeout: login.timeoutMs,
      hostVerifier: (key: Buffer) => {
        presented = sha256Fingerprint(key)
        mismatch = !login.pins.includes(presented)
        return !mismatch
      },
    })
  } catch (error) {
    await close()
    if (signal?.aborted) throw new AbortedError('The SFTP connection was cancelled', { cause: error })
    if (mismatch && presented !== undefined) {
      throw new HostKeyMismatchError(
        `${server} presented host key ${presented}, which is not the pinned key: the connection was closed before logging in`,
        { server, expected: login.pins.join(', '), received: presented },
        { cause: error },
      )
    }
    throw classify(error, server, login)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  return { client, hostKey: presented ?? '', read, close }
}
