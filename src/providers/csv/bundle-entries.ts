import { Unzip, type UnzipFile, UnzipInflate } from 'fflate'
import { AbortedError, CsvFormatError, ZipUnsafeError } from '../../errors.js'

/**
 * Turns any bundle input (zip bytes, a zip stream, a blob, or a map of file name to content) into
 * a sequence of entries whose bytes are pushed, chunk by chunk, into a sink. Zips are inflated as
 * streams with fflate and checked against size, ratio, count and path limits as they go.
 *
 * @module
 */

/** Content of one file of a {@link CsvFileMap}. */
export type CsvFileContent = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>

/** A bundle given as files: name (e.g. `users.csv`) → content. */
export type CsvFileMap = Readonly<Record<string, CsvFileContent>> | ReadonlyMap<string, CsvFileContent>

/** Anything a OneRoster CSV bundle can be read from. */
export type CsvBundleInput = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | CsvFileMap

/** Limits that refuse hostile zips before they exhaust memory or disk. */
export interface ZipLimits {
  /**
   * Largest total uncompressed size of all entries, in bytes.
   * @default 4294967296 (4 GiB)
   */
  maxTotalBytes?: number | undefined
  /**
   * Largest ratio of uncompressed to compressed bytes (a zip bomb inflates by thousands).
   * @default 200
   */
  maxRatio?: number | undefined
  /**
   * Most entries in the archive.
   * @default 1000
   */
  maxEntries?: number | undefined
}

/** Receives the bytes of one entry. */
export interface EntrySink {
  /** One chunk of the entry's content. */
  write(chunk: Uint8Array | string): void
  /** The entry is complete. */
  end(): void
}

/** Opens a sink for an entry, or returns undefined to skip it. `folder` is the path before the name. */
export type OpenEntry = (name: string, folder: string) => EntrySink | undefined

const RATIO_SLACK_BYTES = 1 << 20

/**
 * Checks an entry name and splits it into folder and base name.
 * @throws {ZipUnsafeError} for absolute paths and `..` segments
 */
export function checkEntryName(raw: string): { folder: string; name: string } {
  const name = raw.replace(/\\/g, '/')
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').some((s) => s === '..')) {
    throw new ZipUnsafeError(`Zip entry "${raw}" points outside the bundle (absolute path or "..")`, { file: raw })
  }
  const i = name.lastIndexOf('/')
  return { folder: i < 0 ? '' : name.slice(0, i), name: i < 0 ? name : name.slice(i + 1) }
}

function isIgnorable(folder: string, name: string): boolean {
  return name === '' || name.startsWith('._') || name === '.DS_Store' || folder.split('/').includes('__MACOSX')
}

function isFileMap(input: CsvBundleInput): input is CsvFileMap {
  if (input instanceof Map) return true
  return (
    typeof input === 'object' &&
    !(input instanceof Uint8Array) &&
    !(input instanceof ArrayBuffer) &&
    !(typeof Blob !== 'undefined' && input instanceof Blob) &&
    !(typeof ReadableStream !== 'undefined' && input instanceof ReadableStream)
  )
}

async function* chunksOf(content: CsvFileContent): AsyncGenerator<Uint8Array | string> {
  if (typeof content === 'string') {
    yield content
  } else if (content instanceof Uint8Array) {
    yield content
  } else if (content instanceof ArrayBuffer) {
    yield new Uint8Array(content)
  } else {
    const stream = content instanceof ReadableStream ? content : content.stream()
    const reader = stream.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        yield value
      }
    } finally {
      reader.releaseLock()
    }
  }
}

/**
 * Streams every entry of a bundle into the sinks `open` returns.
 * @throws {ZipUnsafeError} when a limit or the path rule is broken
 * @throws {CsvFormatError} when the bytes are not a readable zip
 * @throws {AbortedError} when `signal` aborts
 */
export async function streamBundleEntries(
  input: CsvBundleInput,
  open: OpenEntry,
  limits: ZipLimits = {},
  signal?: AbortSignal,
): Promise<void> {
  if (isFileMap(input)) {
    const entries = input instanceof Map ? [...input.entries()] : Object.entries(input)
    for (const [rawName, content] of entries) {
      const { folder, name } = checkEntryName(rawName)
      if (isIgnorable(folder, name)) continue
      const sink = open(name, folder)
      if (!sink) continue
      for await (const chunk of chunksOf(content)) {
        if (signal?.aborted) throw new AbortedError()
        sink.write(chunk)
      }
      sink.end()
    }
    return
  }
  const maxTotal = limits.maxTotalBytes ?? 4 * 1024 ** 3
  const maxRatio = limits.maxRatio ?? 200
  const maxEntries = limits.maxEntries ?? 1000
  let compressedSeen = 0
  let inflated = 0
  let entries = 0
  let sawEntry = false
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file: UnzipFile) => {
    sawEntry = true
    entries++
    if (entries > maxEntries) {
      throw new ZipUnsafeError(`Zip has more than ${maxEntries} entries`, { file: file.name })
    }
    const { folder, name } = checkEntryName(file.name)
    if (file.name.endsWith('/') || isIgnorable(folder, name)) return
    if (file.originalSize !== undefined && file.originalSize > maxTotal) {
      throw new ZipUnsafeError(`Zip entry "${file.name}" declares ${file.originalSize} bytes, over the limit`, {
        file: file.name,
      })
    }
    if (
      file.originalSize !== undefined &&
      file.size !== undefined &&
      file.originalSize > RATIO_SLACK_BYTES &&
      file.originalSize > file.size * maxRatio
    ) {
      throw new ZipUnsafeError(
        `Zip entry "${file.name}" inflates ${Math.round(file.originalSize / Math.max(1, file.size))}× (limit ${maxRatio}×): a zip bomb`,
        { file: file.name },
      )
    }
    const sink = open(name, folder)
    if (!sink) return
    file.ondata = (err, chunk, final) => {
      if (err)
        throw new CsvFormatError(
          `Zip entry "${file.name}" cannot be inflated: ${err.message}`,
          { file: file.name },
          { cause: err },
        )
      inflated += chunk.length
      if (inflated > maxTotal) {
        throw new ZipUnsafeError(`Zip inflates past ${maxTotal} bytes`, { file: file.name })
      }
      if (inflated > compressedSeen * maxRatio + RATIO_SLACK_BYTES) {
        throw new ZipUnsafeError(`Zip inflates more than ${maxRatio}× its size: a zip bomb`, { file: file.name })
      }
      if (chunk.length > 0) sink.write(chunk)
      if (final) sink.end()
    }
    try {
      file.start()
    } catch (cause) {
      throw new CsvFormatError(
        `Zip entry "${file.name}" uses compression method ${file.compression}, which is not supported`,
        { file: file.name },
        { cause },
      )
    }
  }
  const push = (chunk: Uint8Array, final: boolean): void => {
    if (signal?.aborted) throw new AbortedError()
    compressedSeen += chunk.length
    try {
      unzip.push(chunk, final)
    } catch (cause) {
      if (cause instanceof CsvFormatError || cause instanceof AbortedError) throw cause
      throw new CsvFormatError(`The bundle is not a readable zip: ${String(cause)}`, {}, { cause })
    }
  }
  const SLICE = 1 << 20
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input)
    checkZipSignature(bytes)
    if (bytes.length === 0) push(bytes, true)
    for (let o = 0; o < bytes.length; o += SLICE) push(bytes.subarray(o, o + SLICE), o + SLICE >= bytes.length)
  } else {
    let first = true
    let previous: Uint8Array | undefined
    for await (const chunk of chunksOf(input)) {
      if (typeof chunk === 'string') continue
      if (first) checkZipSignature(chunk)
      first = false
      if (previous) push(previous, false)
      previous = chunk
    }
    push(previous ?? new Uint8Array(0), true)
  }
  if (!sawEntry) throw new CsvFormatError('The bundle is an empty zip or not a zip at all')
}

function checkZipSignature(bytes: Uint8Array): void {
  if (bytes.length >= 2 && !(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new CsvFormatError('The bundle is not a zip archive (no PK signature)')
  }
}
