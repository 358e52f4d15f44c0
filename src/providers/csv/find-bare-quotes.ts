/**
 * Finds quotes inside unquoted fields (`u1,Giv"en,…`), which RFC 4180 forbids and the tolerant
 * parser reads as written. The parser does not say where it relaxed the rule, so this scanner walks
 * the same bytes first, jumping from quote to quote with the runtime's native `indexOf`: a file
 * without quotes costs one search per chunk plus one per line.
 *
 * @module
 */

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** Tracks quoting across the chunks of one file and records the lines that hold a bare quote. */
export class BareQuoteScanner {
  /** Physical lines (1-based) holding a quote inside an unquoted field, ascending, each once. */
  readonly lines: number[] = []
  private line = 1
  private inQuotes = false
  /** A quote ended the previous chunk inside a quoted field: escape or closing, the next byte says. */
  private pendingQuote = false
  /** The last character code of the previous chunk; -1 at the start of the file. */
  private previous = -1
  /** Count bare CR as the line break (files with CR-only line endings). */
  private readonly breakCode: number

  /** @param bareCr - the file uses CR-only line endings */
  constructor(bareCr: boolean) {
    this.breakCode = bareCr ? CR : LF
  }

  /** Scans the next chunk of the file. */
  scan(chunk: Uint8Array | string): void {
    const n = chunk.length
    if (n === 0) return
    const at = typeof chunk === 'string' ? (i: number): number => chunk.charCodeAt(i) : (i: number): number => chunk[i]!
    const find =
      typeof chunk === 'string'
        ? (code: number, from: number): number => chunk.indexOf(String.fromCharCode(code), from)
        : (code: number, from: number): number => chunk.indexOf(code, from)
    let pos = 0
    let previous = this.previous
    if (previous === -1) {
      // A byte order mark is not part of the first field.
      if (typeof chunk === 'string' && at(0) === 0xfeff) pos = 1
      else if (n >= 3 && at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) pos = 3
    }
    if (this.pendingQuote) {
      this.pendingQuote = false
      if (at(0) === QUOTE) pos = 1
      else this.inQuotes = false
      previous = QUOTE
    }
    while (pos < n) {
      const q = find(QUOTE, pos)
      const end = q < 0 ? n : q
      for (let b = find(this.breakCode, pos); b >= 0 && b < end; b = find(this.breakCode, b + 1)) this.line++
      if (q < 0) {
        previous = at(n - 1)
        break
      }
      if (this.inQuotes) {
        if (q + 1 >= n) {
          this.pendingQuote = true
        } else if (at(q + 1) === QUOTE) {
          pos = q + 2
          previous = QUOTE
          continue
        } else {
          this.inQuotes = false
        }
      } else {
        const before = q > pos ? at(q - 1) : previous
        if (before === -1 || before === COMMA || before === LF || before === CR) this.inQuotes = true
        else if (this.lines[this.lines.length - 1] !== this.line) this.lines.push(this.line)
      }
      pos = q + 1
      previous = QUOTE
    }
    this.previous = previous
  }
}
