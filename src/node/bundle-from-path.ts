import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { CsvBundleInput, CsvFileContent } from '../providers/csv/index.js'

/**
 * Opens a bundle on disk — a `.zip` or a folder of CSV files — as a streaming bundle input, so
 * large files are never read into one string.
 *
 * @module
 */

function streamOf(path: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>
}

/**
 * Turns a path into a bundle input: a zip file becomes a byte stream, a folder a map of its CSV
 * files (a folder holding only one sub-folder is entered, as unzipped bundles often are).
 * @param path - a `.zip` file or a folder
 * @throws {Error} (`ENOENT`) when the path does not exist
 */
export async function bundleFromPath(path: string): Promise<CsvBundleInput> {
  const info = await stat(path)
  if (!info.isDirectory()) return streamOf(path)
  let dir = path
  for (;;) {
    const entries = await readdir(dir, { withFileTypes: true })
    const csv = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
    const folders = entries.filter((e) => e.isDirectory() && e.name !== '__MACOSX')
    if (csv.length === 0 && folders.length === 1) {
      dir = join(dir, folders[0]!.name)
      continue
    }
    const files = new Map<string, CsvFileContent>()
    // Manifest first, so versions and modes are known before the data files stream by.
    csv.sort((a, b) => (a.name === 'manifest.csv' ? -1 : b.name === 'manifest.csv' ? 1 : a.name.localeCompare(b.name)))
    for (const e of csv) files.set(e.name, streamOf(join(dir, e.name)))
    return files
  }
}
