import { isCsvFormatError, isNotOneRosterError, isZipUnsafeError } from '../../errors.js'
import type { CsvBundleInput, ZipLimits } from './bundle-entries.js'
import type { OneRosterCsvVersion } from './file-specs.js'
import type { CsvIssue } from './issue-catalog.js'
import { type CsvFileSummary, readOneRosterCsv } from './read-one-roster-csv.js'

/**
 * `validateOneRosterCsv`: checks a bundle the way the 1EdTech CSV validator does — manifest, file
 * set, headers, required values, enumerations, formats, uniqueness, references, delta rules — and
 * returns every finding as data. It is the strict reader with its roster thrown away.
 *
 * @module
 */

/** Options of {@link validateOneRosterCsv}. */
export interface ValidateOneRosterCsvOptions {
  /** Zip safety limits. */
  limits?: ZipLimits | undefined
  /**
   * How many issues of one code are listed per file; the rest are counted.
   * @default 100
   */
  maxIssuesPerCode?: number | undefined
  /**
   * Report departures the tolerant reader normalises as warnings rather than errors.
   * @default false
   */
  tolerant?: boolean | undefined
  /** Cancels the validation. */
  signal?: AbortSignal | undefined
}

/** The result of {@link validateOneRosterCsv}. */
export interface CsvValidationResult {
  /** True when no issue is an error. */
  ok: boolean
  /** Every finding. */
  issues: CsvIssue[]
  /** The version the bundle was checked against, when it could be read. */
  version: OneRosterCsvVersion | undefined
  /** The files checked. */
  files: CsvFileSummary[]
}

/**
 * Validates a OneRoster CSV bundle; never throws for bad content (a zip bomb, a broken quote or a
 * non-OneRoster bundle becomes an issue).
 * @param input - zip bytes, a blob or web stream of a zip, or a map of file name to content
 * @param options - limits and strictness
 * @throws {AbortedError} when `options.signal` aborts
 * @example
 * ```ts
 * const { ok, issues } = await validateOneRosterCsv(zipBytes)
 * ```
 */
export async function validateOneRosterCsv(
  input: CsvBundleInput,
  options: ValidateOneRosterCsvOptions = {},
): Promise<CsvValidationResult> {
  try {
    const r = await readOneRosterCsv(input, {
      strict: !(options.tolerant ?? false),
      limits: options.limits,
      maxIssuesPerCode: options.maxIssuesPerCode,
      signal: options.signal,
    })
    return { ok: r.ok, issues: r.issues, version: r.version, files: r.files }
  } catch (err) {
    if (!isCsvFormatError(err)) throw err
    const line: number | undefined = err.line
    const code = isNotOneRosterError(err)
      ? 'bundle_not_oneroster'
      : isZipUnsafeError(err)
        ? 'bundle_unsafe'
        : line !== undefined
          ? 'csv_syntax'
          : 'bundle_unreadable'
    const issue: CsvIssue = { code, severity: 'error', message: err.message }
    if (err.file !== undefined) issue.file = err.file
    if (line !== undefined) issue.line = line
    return { ok: false, issues: [issue], version: undefined, files: [] }
  }
}
