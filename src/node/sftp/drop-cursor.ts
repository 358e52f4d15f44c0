import { createHash } from 'node:crypto'
import type { DropCandidate } from './drop-folder.js'

/**
 * The cursor of an SFTP drop source: which bundle was imported last, kept by the sync in
 * `SyncState.cursor` (which moves only after a successful apply). It names the drop, its time, a
 * quick fingerprint of its listing (names, sizes, times) and the SHA-256 of its content, so the
 * next run knows an identical drop without reading it, and refuses an older one.
 *
 * Format: `sftp-drop/1 <modified ISO time> <listing fingerprint> <sha256> <name>` — readable in a
 * report, with the name last because it may hold spaces.
 *
 * @module
 */

const PREFIX = 'sftp-drop/1'

/** What the cursor remembers of the last imported drop. */
export interface DropCursor {
  /** The drop's name in the folder (`.` for CSV files lying in the folder itself). */
  name: string
  /** Its latest modification time (ISO 8601). */
  modifiedAt: string
  /** Fingerprint of its listing: file names, sizes and times. */
  listing: string
  /** SHA-256 of its content (hex). */
  sha256: string
}

/**
 * The fingerprint of a drop's listing: changes when any file is renamed, resized or touched.
 * @param drop - the bundle as listed
 */
export function listingFingerprint(drop: DropCandidate): string {
  const hash = createHash('sha256')
  hash.update(`${drop.kind}\n${drop.name}\n`)
  for (const f of drop.files) hash.update(`${f.name}\0${f.size}\0${f.modifiedMs}\n`)
  return hash.digest('hex').slice(0, 16)
}

/**
 * Writes a cursor.
 * @param cursor - the drop to remember
 */
export function formatDropCursor(cursor: DropCursor): string {
  return `${PREFIX} ${cursor.modifiedAt} ${cursor.listing} ${cursor.sha256} ${cursor.name}`
}

/**
 * Reads a cursor back; undefined when the string is not an SFTP drop cursor.
 * @param value - `SyncState.cursor`
 */
export function parseDropCursor(value: string): DropCursor | undefined {
  const [prefix, modifiedAt, listing, sha256, ...name] = value.split(' ')
  if (prefix !== PREFIX || modifiedAt === undefined || listing === undefined || sha256 === undefined) return undefined
  if (Number.isNaN(Date.parse(modifiedAt)) || !/^[0-9a-f]{16}$/.test(listing) || !/^[0-9a-f]{64}$/.test(sha256)) {
    return undefined
  }
  if (name.length === 0) return undefined
  return { modifiedAt, listing, sha256, name: name.join(' ') }
}
