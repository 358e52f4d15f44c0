/**
 * `rosterkit/csv` — read, write and validate OneRoster CSV 1.1 and 1.2 bundles from zip bytes, blobs,
 * web streams or file maps. Runs wherever `ReadableStream` and `TextDecoder` exist.
 *
 * @module rosterkit/csv
 */
export type { CsvBundleInput, CsvFileContent, CsvFileMap, ZipLimits } from './bundle-entries.js'
export {
  type CsvRosterSource,
  type CsvSourceInput,
  type CsvSourceOptions,
  createCsvSource,
} from './csv-source.js'
export type { OneRosterCsvVersion, RosteringFile } from './file-specs.js'
export {
  CSV_ISSUE_CATALOG,
  type CsvIssue,
  type CsvIssueCode,
  type CsvIssueDefinition,
  type CsvIssueSeverity,
} from './issue-catalog.js'
export type { CsvFileMode, CsvManifest } from './manifest.js'
export {
  type CsvFileSummary,
  type ReadOneRosterCsvOptions,
  type ReadOneRosterCsvResult,
  readOneRosterCsv,
} from './read-one-roster-csv.js'
export {
  type CsvValidationResult,
  type ValidateOneRosterCsvOptions,
  validateOneRosterCsv,
} from './validate-one-roster-csv.js'
export {
  type WriteOneRosterCsvOptions,
  type WriteOneRosterCsvResult,
  writeOneRosterCsv,
} from './write-one-roster-csv.js'
