import { CsvFormatError, isRosterkitError } from '../../errors.js'
import type {
  ConnectionDiagnosis,
  DiagnosisCheck,
  PullOptions,
  Roster,
  RosterSource,
  TestConnectionOptions,
} from '../../model/index.js'
import { ROSTER_COLLECTIONS } from '../../model/index.js'
import type { CsvBundleInput, ZipLimits } from './bundle-entries.js'
import { type ReadOneRosterCsvResult, readOneRosterCsv } from './read-one-roster-csv.js'

/**
 * `createCsvSource`: a OneRoster CSV bundle as a {@link RosterSource}, so a sync treats a zip
 * dropped on SFTP like any API.
 *
 * @module
 */

/** Options of {@link createCsvSource}. */
export interface CsvSourceOptions {
  /**
   * Label for reports, e.g. the bundle's file name.
   * @default 'OneRoster CSV bundle'
   */
  label?: string | undefined
  /**
   * Make `pull()` throw when the bundle has any error-level issue; warnings become errors.
   * @default false
   */
  strict?: boolean | undefined
  /** Zip safety limits. */
  limits?: ZipLimits | undefined
  /**
   * Keep password cells in `metadata.password`.
   * @default false
   */
  includePasswords?: boolean | undefined
}

/** A bundle, or a function that yields one each time it is read (streams can be read only once). */
export type CsvSourceInput = CsvBundleInput | (() => CsvBundleInput | Promise<CsvBundleInput>)

/** A {@link RosterSource} reading a OneRoster CSV bundle. */
export interface CsvRosterSource extends RosterSource {
  /** Always `oneroster-csv`. */
  readonly kind: 'oneroster-csv'
  /** A CSV bundle has no incremental cursor. */
  readonly supportsIncremental: false
  /** Reads the bundle and returns the roster with every issue found. */
  read(options?: Pick<PullOptions, 'signal'>): Promise<ReadOneRosterCsvResult>
}

/**
 * Wraps a bundle as a roster source.
 * @param input - the bundle, or a function returning it afresh for every read
 * @param options - label, strictness and limits
 * @example
 * ```ts
 * const source = createCsvSource(() => fetch(url).then((r) => r.body!), { label: 'district.zip' })
 * const diagnosis = await source.testConnection()
 * ```
 */
export function createCsvSource(input: CsvSourceInput, options: CsvSourceOptions = {}): CsvRosterSource {
  const label = options.label ?? 'OneRoster CSV bundle'
  const load = async (): Promise<CsvBundleInput> => (typeof input === 'function' ? await input() : input)
  const read = async (signal?: AbortSignal): Promise<ReadOneRosterCsvResult> =>
    readOneRosterCsv(await load(), {
      label,
      strict: options.strict,
      limits: options.limits,
      includePasswords: options.includePasswords,
      signal,
    })
  return {
    kind: 'oneroster-csv',
    label,
    supportsIncremental: false,
    read: (o) => read(o?.signal),
    async testConnection(o: TestConnectionOptions = {}): Promise<ConnectionDiagnosis> {
      const testedAt = new Date().toISOString()
      const checks: DiagnosisCheck[] = []
      try {
        const r = await read(o.signal)
        checks.push({ id: 'bundle', status: 'pass', message: `${label} is a readable OneRoster CSV bundle` })
        checks.push(
          r.manifest
            ? { id: 'manifest', status: 'pass', message: 'manifest.csv present' }
            : {
                id: 'manifest',
                status: 'warn',
                message: 'No manifest.csv; the version was inferred from the headers',
                hint: 'Ask the exporting system to include manifest.csv',
              },
        )
        checks.push({ id: 'version', status: 'pass', message: `OneRoster ${r.version}` })
        const missing = r.issues.filter((i) => i.code === 'file_declared_missing').map((i) => i.file)
        checks.push(
          missing.length > 0
            ? {
                id: 'files',
                status: 'fail',
                message: `Declared in manifest.csv but missing: ${missing.join(', ')}`,
                hint: 'Re-export the bundle with every file the manifest lists',
              }
            : {
                id: 'files',
                status: 'pass',
                message: `Files: ${r.files.map((f) => `${f.file} (${f.mode})`).join(', ')}`,
              },
        )
        const counts: Record<string, number> = {}
        for (const c of ROSTER_COLLECTIONS) {
          const entry = r.roster.completeness[c]
          if (entry) counts[c] = entry.received
        }
        const errors = r.issues.filter((i) => i.severity === 'error').length
        const warnings = r.issues.filter((i) => i.severity === 'warning').length
        checks.push({
          id: 'content',
          status: errors > 0 ? (options.strict ? 'fail' : 'warn') : warnings > 0 ? 'warn' : 'pass',
          message: `${errors} error(s), ${warnings} warning(s)`,
          ...(errors > 0 ? { hint: 'Run validateOneRosterCsv to list every issue with its file and line' } : {}),
          details: { counts },
        })
      } catch (err) {
        checks.push({
          id: 'bundle',
          status: 'fail',
          message: isRosterkitError(err) ? err.message : `The bundle could not be read: ${String(err)}`,
          hint: 'Check that the upload is the OneRoster CSV zip exported by the SIS',
          ...(isRosterkitError(err) ? { details: { code: err.code } } : {}),
        })
      }
      const failed = checks.find((c) => c.status === 'fail')
      return {
        ok: failed === undefined,
        source: 'oneroster-csv',
        checks,
        summary: failed ? `${failed.message}${failed.hint ? ` — ${failed.hint}` : ''}` : `${label} can be read`,
        testedAt,
      }
    },
    async pull(o: PullOptions = {}): Promise<Roster> {
      const r = await read(o.signal)
      if (options.strict && !r.ok) {
        const first = r.issues.find((i) => i.severity === 'error')!
        throw new CsvFormatError(`${label} breaks the OneRoster CSV spec: ${first.message}`, {
          ...(first.file === undefined ? {} : { file: first.file }),
          ...(first.line === undefined ? {} : { line: first.line }),
          ...(first.column === undefined ? {} : { column: first.column }),
        })
      }
      const roster = r.roster
      if (o.collections) {
        const wanted = new Set(o.collections)
        for (const c of ROSTER_COLLECTIONS) {
          if (wanted.has(c)) continue
          ;(roster[c] as unknown[]) = []
          delete roster.completeness[c]
        }
      }
      for (const c of ROSTER_COLLECTIONS) {
        const entry = roster.completeness[c]
        if (entry) o.onProgress?.({ type: 'collection-done', collection: c, pages: 1, records: entry.received })
      }
      return roster
    },
  }
}
