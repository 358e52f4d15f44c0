import { createHash, type Hash } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { CsvBundleInput, CsvFileContent } from '../../providers/csv/index.js'
import type { SftpSession } from './connect.js'
import type { DropCandidate } from './drop-folder.js'
import { SftpDropError } from './errors.js'
import type { SftpClientLike } from './load-client.js'
import { CENTRAL_ENTRY_SIGNATURE, readZipEnd, ZIP_END_SEARCH_BYTES } from './zip-end.js'

/**
 * Streams a drop off the server into the CSV reader — a file is opened only when the reader asks
 * for its first bytes, so memory stays bounded however large the bundle — while hashing every byte,
 * so the drop's SHA-256 is known when the read ends without a second download.
 *
 * @module
 */

/** A bundle input being streamed, and what the stream learned once the reader finished. */
export interface DropStream {
  /** What to hand to `readOneRosterCsv`. */
  input: CsvBundleInput
  /**
   * The SHA-256 of the drop: of the zip, or of the folder's files (name, size, and content hash for
   * each file read; files the reader skipped count by name, size and time).
   * @throws {SftpDropError} (`drop-changed`) when fewer or more bytes arrived than the listing said
   */
  finish(): string
}

interface Tracked {
  hash: Hash
  bytes: number
  opened: boolean
}

function lazyStream(open: () => Readable, tracked: Tracked): ReadableStream<Uint8Array> {
  let source: Readable | undefined
  let chunks: AsyncIterator<Buffer> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (chunks === undefined) {
          source = open()
          tracked.opened = true
          chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
        }
        const { done, value } = await chunks.next()
        if (done) {
          controller.close()
          return
        }
        tracked.hash.update(value)
        tracked.bytes += value.byteLength
        controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      },
      cancel() {
        source?.destroy()
      },
    },
    { highWaterMark: 0 },
  )
}

function changed(drop: DropCandidate, folder: string, file: string): SftpDropError {
  return new SftpDropError(`${file} changed while it was being read: the upload is still going on`, {
    reason: 'drop-changed',
    folder,
    file: drop.name,
    hint: 'Nothing was imported; the next run reads the drop once the upload has finished',
  })
}

/**
 * Opens a drop as a streaming bundle input.
 * @param session - the open SFTP session
 * @param drop - the bundle to read
 * @param folder - the drop folder, for errors
 */
export function streamDrop(session: SftpSession, drop: DropCandidate, folder: string): DropStream {
  if (drop.kind === 'zip') {
    const tracked: Tracked = { hash: createHash('sha256'), bytes: 0, opened: false }
    const input = lazyStream(() => session.read(drop.path), tracked)
    return {
      input,
      finish() {
        if (tracked.bytes !== drop.size) throw changed(drop, folder, drop.name)
        return tracked.hash.digest('hex')
      },
    }
  }
  const files = new Map<string, CsvFileContent>()
  const tracking = new Map<string, Tracked>()
  // The manifest first, so versions and modes are known before the data files stream by.
  const ordered = [...drop.files].sort((a, b) =>
    a.name === 'manifest.csv' ? -1 : b.name === 'manifest.csv' ? 1 : a.name.localeCompare(b.name),
  )
  for (const f of ordered) {
    const tracked: Tracked = { hash: createHash('sha256'), bytes: 0, opened: false }
    tracking.set(f.name, tracked)
    files.set(
      f.name,
      lazyStream(() => session.read(`${drop.path}/${f.name}`), tracked),
    )
  }
  return {
    input: files,
    finish() {
      const whole = createHash('sha256')
      for (const f of drop.files) {
        const t = tracking.get(f.name)!
        if (t.opened && t.bytes !== f.size) throw changed(drop, folder, f.name)
        whole.update(`${f.name}\0${f.size}\0${t.opened ? t.hash.digest('hex') : `unread@${f.modifiedMs}`}\n`)
      }
      return whole.digest('hex')
    },
  }
}

async function readRange(session: SftpSession, path: string, start: number, end: number): Promise<Uint8Array> {
  const parts: Buffer[] = []
  for await (const chunk of session.read(path, { start, end }) as AsyncIterable<Buffer>) parts.push(chunk)
  return Buffer.concat(parts)
}

/**
 * Refuses a zip without a complete central directory — an upload cut off part-way — before a byte
 * of it is imported.
 * @throws {SftpDropError} (`incomplete-drop`)
 */
export async function checkZipComplete(session: SftpSession, drop: DropCandidate, folder: string): Promise<void> {
  const size = drop.size
  const incomplete = (reason: string) =>
    new SftpDropError(`${drop.name} is not a complete zip: ${reason}`, {
      reason: 'incomplete-drop',
      folder,
      file: drop.name,
      hint: 'Nothing was imported. Ask the district to upload the bundle again; uploading under a temporary name (.part) and renaming it when done avoids this',
    })
  if (size < 22) throw incomplete('it is too short to be a zip')
  const tailLength = Math.min(size, ZIP_END_SEARCH_BYTES)
  const end = readZipEnd(await readRange(session, drop.path, size - tailLength, size - 1), size)
  if (!end.ok) throw incomplete(end.reason)
  if (end.centralDirectoryOffset !== undefined) {
    const head = await readRange(session, drop.path, end.centralDirectoryOffset, end.centralDirectoryOffset + 3)
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
    if (head.length < 4 || view.getUint32(0, true) !== CENTRAL_ENTRY_SIGNATURE) {
      throw incomplete('its central directory is not where its end record says')
    }
  }
}

/**
 * Checks, after the read, that no file of the drop changed while it was read.
 * @throws {SftpDropError} (`drop-changed`)
 */
export async function checkDropUnchanged(client: SftpClientLike, drop: DropCandidate, folder: string): Promise<void> {
  for (const f of drop.files) {
    const path = drop.kind === 'zip' ? drop.path : `${drop.path}/${f.name}`
    const now = await client.stat(path).catch(() => undefined)
    if (now === undefined || now.size !== f.size || now.modifyTime !== f.modifiedMs) throw changed(drop, folder, f.name)
  }
}
