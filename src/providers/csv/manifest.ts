import { closestMatch } from '../../internal/closest-match.js'
import { MANIFEST_FILES, type OneRosterCsvVersion } from './file-specs.js'
import type { IssueCollector } from './issue-collector.js'

/**
 * `manifest.csv`: the OneRoster version, the processing mode of every file, and the exporting
 * system.
 *
 * @module
 */

/** Processing mode of one file: `absent` (not supplied), `bulk` (complete) or `delta` (changes). */
export type CsvFileMode = 'absent' | 'bulk' | 'delta'

/** What a bundle's manifest says. */
export interface CsvManifest {
  /** `oneroster.version` as written (may be unsupported, e.g. `1.0`). */
  oneRosterVersion: string | undefined
  /** The version rosterkit reads the bundle as, when the manifest names a supported one. */
  version: OneRosterCsvVersion | undefined
  /** Mode per file name (without `.csv`), for every `file.*` row. */
  files: Record<string, CsvFileMode>
  /** Every property as written, including `source.*`. */
  properties: Record<string, string>
}

const MODES = new Set(['absent', 'bulk', 'delta'])
/** Manifest properties other than `file.*`, in every version. */
const KNOWN_PROPERTIES = ['manifest.version', 'oneroster.version', 'source.systemName', 'source.systemCode']

/** Maps `1.2.1`-style and other spellings of a supported version to the version. */
export function supportedVersion(value: string | undefined): OneRosterCsvVersion | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  if (v === '1.1' || v === '1.1.0') return '1.1'
  if (v === '1.2' || /^1\.2\.\d+$/.test(v)) return '1.2'
  return undefined
}

/**
 * Interprets the rows of `manifest.csv` (header included) and reports what is wrong with it.
 * @param rows - every row of the file, the header first
 * @param file - the manifest's name in the bundle
 * @param issues - where issues go
 */
export function interpretManifest(
  rows: ReadonlyArray<readonly string[]>,
  file: string,
  issues: IssueCollector,
): CsvManifest {
  const manifest: CsvManifest = { oneRosterVersion: undefined, version: undefined, files: {}, properties: {} }
  const header = rows[0]?.map((c) => c.trim()) ?? []
  const unknown: Array<{ name: string; line: number }> = []
  const fileLines = new Map<string, number>()
  if (header[0] !== 'propertyName' || header[1] !== 'value') {
    const caseOnly = header[0]?.toLowerCase() === 'propertyname' && header[1]?.toLowerCase() === 'value'
    issues.add(caseOnly ? 'header_case' : 'header_unknown_column', {
      file,
      line: 1,
      value: header.join(','),
      message: 'manifest.csv header should be "propertyName,value"',
    })
  }
  rows.forEach((row, i) => {
    if (i === 0) return
    const line = i + 1
    const name = (row[0] ?? '').trim()
    const value = (row[1] ?? '').trim()
    if (name === '') return
    manifest.properties[name] = value
    if (!name.startsWith('file.') && !KNOWN_PROPERTIES.includes(name)) unknown.push({ name, line })
    if (name.startsWith('file.')) {
      const target = name.slice('file.'.length)
      fileLines.set(target, line)
      if (value === '') {
        issues.add('manifest_value_empty', {
          file,
          line,
          column: 'value',
          value: name,
          message: `${name} is empty; read as absent`,
        })
        manifest.files[target] = 'absent'
        return
      }
      const lower = value.toLowerCase()
      if (!MODES.has(lower)) {
        issues.add('manifest_value_invalid', {
          file,
          line,
          column: 'value',
          value,
          message: `${name} is "${value}", not absent, bulk or delta; read as absent`,
        })
        manifest.files[target] = 'absent'
        return
      }
      if (lower !== value) {
        issues.add('enum_case', {
          file,
          line,
          column: 'value',
          value,
          message: `${name} "${value}" read as "${lower}"`,
        })
      }
      manifest.files[target] = lower as CsvFileMode
    }
  })
  if (manifest.properties['manifest.version'] === undefined) {
    issues.add('manifest_entry_missing', { file, message: 'manifest.version is missing', value: 'manifest.version' })
  } else if (manifest.properties['manifest.version'] !== '1.0') {
    issues.add('manifest_value_invalid', {
      file,
      value: manifest.properties['manifest.version'],
      message: `manifest.version is "${manifest.properties['manifest.version']}", expected 1.0`,
    })
  }
  const v = manifest.properties['oneroster.version']
  manifest.oneRosterVersion = v
  manifest.version = supportedVersion(v)
  if (v === undefined) {
    issues.add('manifest_entry_missing', { file, message: 'oneroster.version is missing', value: 'oneroster.version' })
  } else if (manifest.version === undefined) {
    issues.add('version_unsupported', { file, value: v, message: `oneroster.version "${v}" is not 1.1 or 1.2` })
  } else if (v !== manifest.version) {
    issues.add('manifest_value_invalid', {
      file,
      value: v,
      message: `oneroster.version "${v}" is not an official value; read as ${manifest.version}`,
    })
  }
  const everyName = [
    ...KNOWN_PROPERTIES,
    ...(manifest.version === undefined
      ? [...MANIFEST_FILES['1.1'], ...MANIFEST_FILES['1.2']]
      : MANIFEST_FILES[manifest.version]
    ).map((f) => `file.${f}`),
  ]
  for (const { name, line } of unknown) {
    const near = closestMatch(name, everyName)
    issues.add('manifest_property_unknown', {
      file,
      line,
      column: 'propertyName',
      value: name,
      message: `${name} is not a manifest property; it is ignored${near === undefined ? '' : ` (did you mean ${near}?)`}`,
    })
  }
  if (manifest.version !== undefined) {
    const known = new Set(MANIFEST_FILES[manifest.version])
    for (const target of Object.keys(manifest.files)) {
      if (!known.has(target)) {
        const near = closestMatch(`file.${target}`, everyName)
        issues.add('manifest_property_unknown', {
          file,
          line: fileLines.get(target)!,
          column: 'propertyName',
          value: `file.${target}`,
          message: `file.${target} is not a file of OneRoster ${manifest.version}${near === undefined ? '' : ` (did you mean ${near}?)`}`,
        })
      }
    }
    for (const target of known) {
      if (manifest.files[target] === undefined) {
        issues.add('manifest_file_entry_missing', {
          file,
          value: `file.${target}`,
          message: `file.${target} is not listed; read as absent`,
        })
      }
    }
  }
  return manifest
}
