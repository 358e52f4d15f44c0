/**
 * Tells a finished zip from one cut off mid-upload by its end: a zip is written front to back and
 * its central directory (the table of contents) comes last, so an upload that stopped early has no
 * end-of-central-directory record, or one pointing past the bytes that arrived.
 *
 * @module
 */

/** How many bytes from the end hold the end record: 22 bytes plus a comment of up to 65,535. */
export const ZIP_END_SEARCH_BYTES = 22 + 0xffff

const END_SIGNATURE = 0x06054b50
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
/** Signature of a central directory entry. */
export const CENTRAL_ENTRY_SIGNATURE = 0x02014b50

/** What the end of a zip says. */
export type ZipEnd =
  | {
      ok: true
      /** Entries the central directory lists (undefined for zip64 archives). */
      entries: number | undefined
      /** Absolute offset of the central directory (undefined for zip64 archives). */
      centralDirectoryOffset: number | undefined
    }
  | { ok: false; reason: string }

/**
 * Reads the end record of a zip from its last bytes.
 * @param tail - the last `min(size, ZIP_END_SEARCH_BYTES)` bytes of the file
 * @param size - the file's size
 */
export function readZipEnd(tail: Uint8Array, size: number): ZipEnd {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== END_SIGNATURE) continue
    const commentLength = view.getUint16(at + 20, true)
    if (at + 22 + commentLength !== tail.length) continue
    const entries = view.getUint16(at + 10, true)
    const cdSize = view.getUint32(at + 12, true)
    const cdOffset = view.getUint32(at + 16, true)
    const endAt = size - tail.length + at
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = at - 20
      if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR_SIGNATURE) {
        return { ok: true, entries: undefined, centralDirectoryOffset: undefined }
      }
      return { ok: false, reason: 'its zip64 end record is missing' }
    }
    if (cdOffset + cdSize > endAt) return { ok: false, reason: 'its central directory points past the end of the file' }
    if (entries === 0) return { ok: false, reason: 'it holds no files' }
    return { ok: true, entries, centralDirectoryOffset: cdOffset }
  }
  return { ok: false, reason: 'it has no central directory (the upload was cut off, or it is not a zip)' }
}
