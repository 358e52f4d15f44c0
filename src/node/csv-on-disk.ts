import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Roster } from '../model/index.js'
import {
  type CsvRosterSource,
  type CsvSourceOptions,
  createCsvSource,
  type ReadOneRosterCsvOptions,
  type ReadOneRosterCsvResult,
  readOneRosterCsv,
  type WriteOneRosterCsvOptions,
  type WriteOneRosterCsvResult,
  writeOneRosterCsv,
} from '../providers/csv/index.js'
import { bundleFromPath } from './bundle-from-path.js'

/**
 * File-system helpers for OneRoster CSV bundles: read a `.zip` or a folder, write either.
 *
 * @module
 */

/**
 * Reads a OneRoster CSV bundle from a `.zip` file or a folder.
 * @param path - a `.zip` file or a folder of CSV files
 * @param options - the options of `readOneRosterCsv`; `label` defaults to the path's base name
 * @throws {NotOneRosterError} when the bundle is another format
 * @throws {ZipUnsafeError} when the zip breaks a safety limit
 * @throws {CsvFormatError} when a file is not valid CSV
 */
export async function readOneRosterCsvFromPath(
  path: string,
  options: ReadOneRosterCsvOptions = {},
): Promise<ReadOneRosterCsvResult> {
  return readOneRosterCsv(await bundleFromPath(path), { label: basename(path), ...options })
}

/**
 * Writes a roster as a OneRoster CSV bundle: a zip when `path` ends in `.zip`, otherwise a folder
 * of CSV files (created when missing).
 * @param roster - the roster to write
 * @param path - target `.zip` file or folder
 * @param options - the options of `writeOneRosterCsv`
 */
export async function writeOneRosterCsvToPath(
  roster: Roster,
  path: string,
  options: WriteOneRosterCsvOptions = {},
): Promise<WriteOneRosterCsvResult> {
  const result = writeOneRosterCsv(roster, options)
  if (path.toLowerCase().endsWith('.zip')) {
    await writeFile(path, result.zip)
  } else {
    await mkdir(path, { recursive: true })
    for (const [name, text] of Object.entries(result.files)) await writeFile(join(path, name), text, 'utf8')
  }
  return result
}

/**
 * A roster source reading a bundle from disk afresh on every pull.
 * @param path - a `.zip` file or a folder
 * @param options - label (defaults to the base name), strictness and limits
 */
export function createCsvSourceFromPath(path: string, options: CsvSourceOptions = {}): CsvRosterSource {
  return createCsvSource(() => bundleFromPath(path), { label: basename(path), ...options })
}
