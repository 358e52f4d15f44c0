/**
 * Checks that the bytes of a CSV file are UTF-8, as OneRoster requires, before the parser sees them.
 * A file that is not UTF-8 would otherwise be read with U+FFFD in place of every accented letter,
 * without a word. A file with no UTF-8 beyond ASCII whose other bytes fail as UTF-8 is the Latin-1
 * family (Windows-1252, which exports from Excel on Windows produce): it is read as such. A file that
 * mixes valid UTF-8 with bytes that are not is kept as UTF-8, and the lines with the bad bytes are
 * named.
 *
 * @module
 */

/** What the check found in one file. */
export interface EncodingFindings {
  /** Set when the file was read as Windows-1252: the line of its first byte that is not UTF-8. */
  windows1252Line?: number
  /** Lines holding bytes that are not UTF-8, in a file that is otherwise UTF-8 (at most 100). */
  invalidLines: number[]
}

const LF = 10
const MAX_LINES = 100

/** Validates or converts the chunks of one file, in order. */
export class EncodingCheck {
  readonly findings: EncodingFindings = { invalidLines: [] }
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true })
  private windows1252: TextDecoder | undefined
  /** Bad bytes were found among valid UTF-8: the rest is passed on as it is. */
  private mixed = false
  /** Line where the current chunk starts. */
  private line = 1
  private started = false
  /** A non-ASCII UTF-8 character has been read: the file is UTF-8, whatever follows. */
  private sawUtf8 = false
  /** The start of a character the previous chunk did not finish, held back from the parser. */
  private tail: Uint8Array = new Uint8Array(0)

  /**
   * Returns what the parser should read for this chunk: bytes, or their text once decoded.
   * @param line - the line the chunk starts on (lines are counted by the parser, not twice here)
   */
  next(chunk: Uint8Array, line: number): Uint8Array | string {
    // A UTF-8 byte order mark declares the file UTF-8.
    if (!this.started && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) this.sawUtf8 = true
    this.started = true
    this.line = line
    return this.convert(chunk)
  }

  /**
   * The file ended. Returns bytes still held back; a character cut at the end of the file is a byte
   * that is not UTF-8.
   */
  end(line: number): Uint8Array {
    this.line = line
    const rest = this.tail
    this.tail = new Uint8Array(0)
    if (rest.length > 0) this.noteInvalid(this.line)
    return rest
  }

  private convert(chunk: Uint8Array): Uint8Array | string {
    if (this.windows1252 !== undefined) return this.windows1252.decode(chunk, { stream: true })
    if (this.mixed) {
      this.scan(chunk)
      return chunk
    }
    const bytes = concat(this.tail, chunk)
    try {
      const text = this.utf8.decode(chunk, { stream: true })
      this.tail = incompleteTail(bytes)
      // Every character beyond ASCII takes more bytes than it makes UTF-16 units.
      if (text.length !== bytes.length - this.tail.length) this.sawUtf8 = true
      return this.tail.length === 0 ? bytes : bytes.subarray(0, bytes.length - this.tail.length)
    } catch {
      this.tail = new Uint8Array(0)
      const { firstInvalid, multibyte } = this.scan(bytes)
      if (!this.sawUtf8 && !multibyte) {
        // Nothing in the file so far is UTF-8 beyond ASCII: its other bytes are the Latin-1 family.
        this.findings.invalidLines.length = 0
        this.findings.windows1252Line = firstInvalid
        this.windows1252 = new TextDecoder('windows-1252')
        return this.windows1252.decode(bytes, { stream: true })
      }
      this.mixed = true
      return bytes
    }
  }

  /** Walks bytes and notes the lines of those that are not UTF-8. */
  private scan(bytes: Uint8Array): { firstInvalid: number; multibyte: boolean } {
    let line = this.line
    let firstInvalid = -1
    let multibyte = false
    let i = 0
    while (i < bytes.length) {
      const b = bytes[i]!
      if (b < 0x80) {
        if (b === LF) line++
        i++
        continue
      }
      const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0
      let valid = need > 0 && i + need < bytes.length
      for (let k = 1; valid && k <= need; k++) valid = (bytes[i + k]! & 0xc0) === 0x80
      if (valid) {
        multibyte = true
        i += need + 1
        continue
      }
      if (firstInvalid < 0) firstInvalid = line
      this.noteInvalid(line)
      i++
    }
    return { firstInvalid: firstInvalid < 0 ? this.line : firstInvalid, multibyte }
  }

  private noteInvalid(line: number): void {
    if (this.windows1252 !== undefined) return
    const lines = this.findings.invalidLines
    if (lines.length < MAX_LINES && lines[lines.length - 1] !== line) lines.push(line)
  }
}

/** The bytes at the end of a chunk that begin a character the chunk does not finish. */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!
    if ((b & 0xc0) === 0x80) continue
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    return length > back ? bytes.subarray(bytes.length - back) : new Uint8Array(0)
  }
  return new Uint8Array(0)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
