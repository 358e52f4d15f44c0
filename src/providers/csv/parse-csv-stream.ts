import { type CsvError, Parser } from 'csv-parse'
import { CsvFormatError } from '../../errors.js'
import type { EntrySink } from './bundle-entries.js'
import { EncodingCheck, type EncodingFindings } from './check-encoding.js'
import { BareQuoteScanner } from './find-bare-quotes.js'

/**
 * Parses one CSV file as a stream with csv-parse: bytes go in as they are inflated, rows come out
 * with their line numbers, and the first chunk is sniffed for a byte order mark and bare CR line
 * endings.
 *
 * @module
 */

/** What the sniffing of the first bytes found. */
export interface CsvFileTraits {
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean
  /** The file uses bare CR line endings. */
  bareCr: boolean
  /**
   * The file's last byte is a line break (or the file is empty). Without one, the last row may have
   * been cut off by an upload that stopped part-way.
   */
  endsWithLineBreak: boolean
  /** Whether the bytes were UTF-8, and where they were not. */
  encoding: EncodingFindings
}

/** Receives the rows of one file. */
export interface CsvRowHandler {
  /**
   * One row; `line` is the 1-based line where it starts. `bareQuote` is true when a quote sits inside
   * an unquoted field of the row, which the tolerant parser read as written.
   */
  row(cells: string[], line: number, bareQuote: boolean): void
  /** The file was read to its end. */
  end(traits: CsvFileTraits): void
}

/** A sink that parses what it receives, and a promise settled when the file is parsed. */
export interface CsvFileSink extends EntrySink {
  /** Settles after the last row was handled; rejects with a {@link CsvFormatError}. */
  readonly done: Promise<void>
}

/**
 * Creates a sink that parses one CSV file.
 * @param file - the file's name, for errors
 * @param handler - receives rows
 * @param strictQuotes - refuse quotes inside unquoted fields (strict mode)
 */
export function createCsvFileSink(file: string, handler: CsvRowHandler, strictQuotes: boolean): CsvFileSink {
  const encoding = new EncodingCheck()
  const traits: CsvFileTraits = { bom: false, bareCr: false, endsWithLineBreak: true, encoding: encoding.findings }
  let sniffed = false
  // Lines are counted here rather than with csv-parse's `info` option, which costs a third of the
  // parse time; empty lines are kept as records so the count stays exact, then ignored.
  let nextLine = 1
  const parser = new Parser({
    bom: true,
    relax_column_count: true,
    relax_quotes: !strictQuotes,
  })
  let failure: unknown
  // Strict mode lets the parser refuse bare quotes itself; tolerant mode reads on and says where.
  let scanner: BareQuoteScanner | undefined
  let flagged = 0
  const done = new Promise<void>((resolve, reject) => {
    parser.on('data', (record: string[]) => {
      if (failure !== undefined) return
      const line = nextLine
      nextLine += 1 + countBreaks(record)
      let bareQuote = false
      if (scanner !== undefined) {
        const lines = scanner.lines
        while (flagged < lines.length && lines[flagged]! < line) flagged++
        bareQuote = flagged < lines.length && lines[flagged]! < nextLine
      }
      if (record.length === 1 && record[0] === '') return
      try {
        handler.row(record, line, bareQuote)
      } catch (err) {
        failure = err
        reject(err)
      }
    })
    parser.on('error', (err: CsvError & { lines?: number }) => {
      if (failure !== undefined) return
      failure = err
      reject(new CsvFormatError(`${file}: ${err.message}`, { file, line: err.lines ?? nextLine }, { cause: err }))
    })
    parser.on('end', () => {
      if (failure !== undefined) return
      try {
        handler.end(traits)
        resolve()
      } catch (err) {
        reject(err)
      }
    })
  })
  // Rejections are observed through `done`; this keeps an early failure from being reported as unhandled.
  done.catch(() => {})
  return {
    done,
    write(chunk) {
      if (!sniffed) {
        sniffed = true
        sniff(chunk, traits)
        if (!strictQuotes) scanner = new BareQuoteScanner(traits.bareCr)
      }
      if (failure === undefined) scanner?.scan(chunk)
      if (chunk.length > 0) traits.endsWithLineBreak = endsWithLineBreak(chunk)
      // The parser has counted the lines of every record it finished; a record in progress rarely
      // spans lines, so this is where the chunk starts.
      if (failure === undefined) parser.write(typeof chunk === 'string' ? chunk : encoding.next(chunk, nextLine))
    },
    end() {
      const rest = encoding.end(nextLine)
      if (rest.length > 0 && failure === undefined) parser.write(rest)
      parser.end()
    },
  }
}

function endsWithLineBreak(chunk: Uint8Array | string): boolean {
  const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1]
  return last === 10 || last === 13
}

function countBreaks(record: readonly string[]): number {
  let n = 0
  for (const cell of record) {
    if (cell.length === 0 || (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0)) continue
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i)
      if (c === 10 || (c === 13 && cell.charCodeAt(i + 1) !== 10)) n++
    }
  }
  return n
}

function sniff(chunk: Uint8Array | string, traits: CsvFileTraits): void {
  if (typeof chunk === 'string') {
    traits.bom = chunk.charCodeAt(0) === 0xfeff
    const head = chunk.slice(0, 65536)
    traits.bareCr = /\r(?!\n)/.test(head.endsWith('\r') ? head.slice(0, -1) : head)
    return
  }
  traits.bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf
  const n = Math.min(chunk.length - 1, 65536)
  for (let i = 0; i < n; i++) {
    if (chunk[i] === 13 && chunk[i + 1] !== 10) {
      traits.bareCr = true
      return
    }
  }
}
