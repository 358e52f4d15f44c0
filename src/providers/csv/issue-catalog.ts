/**
 * The catalog of every issue the OneRoster CSV reader, validator and writer report. Codes are
 * stable: switch on them, never on messages.
 *
 * @module
 */

/** How serious a CSV issue is. `error` makes a bundle invalid; `info` is never escalated. */
export type CsvIssueSeverity = 'error' | 'warning' | 'info'

/** One catalog entry: the severity in tolerant mode and what the code means. */
export interface CsvIssueDefinition {
  /** Severity in tolerant mode; strict mode turns every `warning` into an `error`. */
  severity: CsvIssueSeverity
  /** What the code means, for people and for the docs. */
  description: string
  /**
   * What the reader did with the record a row-level issue concerns; row-level issues of codes
   * without one kept their record as read.
   */
  action?: 'normalised' | 'skipped'
}

/**
 * Every CSV issue code with its tolerant-mode severity and meaning.
 * @see docs/csv.md for the same catalog with examples
 */
export const CSV_ISSUE_CATALOG = {
  bundle_not_oneroster: {
    severity: 'error',
    description: 'The bundle is another format (Microsoft SDS, Clever CSV); nothing was read.',
  },
  bundle_unsafe: {
    severity: 'error',
    description: 'The zip was refused: a zip bomb, too many entries, or an entry path outside the bundle.',
  },
  bundle_unreadable: {
    severity: 'error',
    description: 'The bundle is not a readable zip.',
  },
  manifest_missing: {
    severity: 'warning',
    description: 'The bundle has no manifest.csv; the version was inferred from headers and every file read as bulk.',
  },
  manifest_entry_missing: {
    severity: 'warning',
    description: 'manifest.csv lacks a required property (manifest.version or oneroster.version).',
  },
  manifest_value_invalid: {
    severity: 'error',
    description:
      'A manifest value is not allowed: manifest.version other than 1.0, or a file.* value other than absent, bulk or delta.',
  },
  manifest_value_empty: {
    severity: 'warning',
    description: 'A file.* property has an empty value; it is read as absent.',
  },
  manifest_property_unknown: {
    severity: 'warning',
    description: 'manifest.csv names a property the OneRoster version does not define.',
  },
  manifest_file_entry_missing: {
    severity: 'warning',
    description: 'manifest.csv has no file.* row for a file of the version; it is read as absent.',
  },
  version_unsupported: {
    severity: 'error',
    description: 'oneroster.version is not 1.1 or 1.2; the bundle is read as the version its headers suggest.',
  },
  version_mismatch: {
    severity: 'warning',
    description: 'The headers of a file belong to another OneRoster version than the manifest declares.',
  },
  file_declared_missing: {
    severity: 'error',
    description: 'The manifest declares a file bulk or delta but the bundle does not contain it.',
  },
  file_present_but_absent: {
    severity: 'warning',
    description: 'The bundle contains a file the manifest declares absent (or does not list); it is ignored.',
  },
  file_name_case: {
    severity: 'warning',
    description:
      'A file name differs from the spec only in letter case (e.g. userprofiles.csv); it is read under its spec name.',
  },
  file_unknown: {
    severity: 'warning',
    description: 'The bundle contains a file that is not part of OneRoster; it is ignored.',
  },
  file_not_rostering: {
    severity: 'info',
    description: 'A OneRoster gradebook or resources file is present; rosterkit does not read it.',
  },
  file_duplicate: {
    severity: 'error',
    description: 'Two entries of the bundle map to the same OneRoster file; only the first is read.',
  },
  file_nested_folder: {
    severity: 'warning',
    description: 'The files sit in a folder inside the zip rather than at its root; the folder is ignored.',
  },
  file_bom: {
    severity: 'warning',
    description: 'The file starts with a UTF-8 byte order mark; it was stripped.',
  },
  file_windows_encoding: {
    severity: 'warning',
    description:
      'The file is not UTF-8: it has no UTF-8 beyond ASCII and its other bytes are Windows-1252 (Latin-1), as Excel on Windows exports; it was read as Windows-1252.',
  },
  file_invalid_bytes: {
    severity: 'error',
    description:
      'A line of a UTF-8 file holds bytes that are not UTF-8 (a file stitched from two encodings, or cut mid-character); they were read as U+FFFD.',
  },
  file_line_endings: {
    severity: 'warning',
    description: 'The file uses bare CR line endings (RFC 4180 wants CRLF; LF is accepted).',
  },
  file_empty: {
    severity: 'error',
    description: 'The file has no header row.',
  },
  csv_syntax: {
    severity: 'error',
    description: 'The file is not valid CSV (e.g. an unclosed quote); reading stopped at that line.',
  },
  quote_in_unquoted_field: {
    severity: 'warning',
    description:
      'A field that is not quoted holds a quote (Giv"en), which RFC 4180 forbids; the value was read as written. Strict mode refuses the file (csv_syntax).',
  },
  header_case: {
    severity: 'warning',
    description: 'A column name differs from the spec in letter case or surrounding spaces.',
    action: 'normalised',
  },
  header_misspelled: {
    severity: 'warning',
    description:
      'A column name is a known misspelling of a spec column (e.g. dataLastModified); it is read as that column.',
    action: 'normalised',
  },
  header_legacy_column: {
    severity: 'warning',
    description:
      'A column has its OneRoster 1.0 name (schoolYearId, grade, userId, agents); it is read as the column 1.1 renamed it to.',
  },
  header_unknown_column: {
    severity: 'warning',
    description:
      'A column is neither a spec column nor an extension (metadata.* or ext_*); its values are kept in metadata.',
  },
  header_empty_column: {
    severity: 'warning',
    description: 'The header has an empty column name; values under it are ignored.',
  },
  header_missing_column: {
    severity: 'warning',
    description: 'A column of the spec is missing from the header; its values are read as empty.',
  },
  header_required_column_missing: {
    severity: 'error',
    description: 'A column whose values are required is missing from the header.',
  },
  header_duplicate_column: {
    severity: 'error',
    description: 'The header names the same column twice; the first is read.',
  },
  header_extension_order: {
    severity: 'warning',
    description:
      'An extension column (metadata.*, ext_* or unknown) comes before columns the spec defines; the spec puts extensions last. Columns are read by name either way.',
  },
  header_order: {
    severity: 'warning',
    description: 'The columns are not in the order the spec lists.',
  },
  row_too_wide: {
    severity: 'warning',
    description: 'A row has more cells than the header; empty extra cells are dropped.',
  },
  row_extra_values: {
    severity: 'error',
    description: 'A row has non-empty cells beyond the header; they are ignored.',
  },
  row_too_short: {
    severity: 'warning',
    description:
      'A row has fewer cells than the header, none of them a required column; the missing cells are read as empty.',
  },
  row_incomplete: {
    severity: 'error',
    description:
      'A row ends before a required column (it was cut); it was left out, so it neither creates nor updates a record, and its collection counts as incomplete.',
    action: 'skipped',
  },
  file_truncated: {
    severity: 'error',
    description:
      'The file ends in the middle of a row, with no final line break (a partial upload); that row was left out and the collection counts as incomplete, so nothing is archived.',
    action: 'skipped',
  },
  user_read_in_part: {
    severity: 'error',
    description:
      'A user row whose roles.csv or userProfiles.csv row was left out; the user was left out too, so an update cannot strip the lost role, and users count as incomplete.',
    action: 'skipped',
  },
  value_required_missing: {
    severity: 'error',
    description: 'A value the spec requires is empty.',
  },
  value_null_literal: {
    severity: 'warning',
    description: 'A cell holds the literal NULL; it is read as empty.',
    action: 'normalised',
  },
  record_skipped: {
    severity: 'error',
    description: 'A row could not become a canonical record (a required value is missing or invalid) and was left out.',
    action: 'skipped',
  },
  sourced_id_duplicate: {
    severity: 'error',
    description: 'A sourcedId appears twice in one file; the first row wins.',
    action: 'skipped',
  },
  status_inactive: {
    severity: 'warning',
    description: 'status is the legacy value inactive (or deleted); it is read as tobedeleted.',
    action: 'normalised',
  },
  status_invalid: {
    severity: 'error',
    description: 'status is not active or tobedeleted; the record is read as active.',
  },
  bulk_lifecycle_fields: {
    severity: 'warning',
    description:
      'Rows of a file the manifest marks bulk fill status or dateLastModified, which many receivers reject in bulk files; leave them empty or mark the file delta. Reported once per file.',
  },
  delta_status_missing: {
    severity: 'error',
    description: 'A row of a delta file has no status.',
  },
  delta_date_missing: {
    severity: 'error',
    description: 'A row of a delta file has no dateLastModified.',
  },
  enum_case: {
    severity: 'warning',
    description:
      'An enumerated value differs from the spec literal only in letter case (e.g. Scheduled); it was normalised.',
    action: 'normalised',
  },
  enum_invalid: {
    severity: 'error',
    description: 'An enumerated value is not one the spec allows.',
  },
  enum_not_in_version: {
    severity: 'warning',
    description:
      'A value belongs to another OneRoster version than the bundle (e.g. role principal in 1.1); it is kept.',
  },
  boolean_form: {
    severity: 'warning',
    description: 'A boolean is written as TRUE, yes, 1 or similar rather than true/false; it was normalised.',
    action: 'normalised',
  },
  boolean_invalid: {
    severity: 'error',
    description: 'A boolean cell holds something that is not a boolean.',
  },
  datetime_bare_date: {
    severity: 'warning',
    description: 'A date-time column holds a bare date; it is read as midnight UTC.',
    action: 'normalised',
  },
  datetime_no_zone: {
    severity: 'warning',
    description: 'A date-time has no time zone; it is read as UTC, as the spec prescribes.',
    action: 'normalised',
  },
  datetime_invalid: {
    severity: 'error',
    description: 'A date-time column holds something that is not an ISO 8601 date-time.',
  },
  date_format: {
    severity: 'warning',
    description: 'A date is not written YYYY-MM-DD but its meaning is certain (e.g. 24/12/2022); it was normalised.',
    action: 'normalised',
  },
  date_has_time: {
    severity: 'warning',
    description: 'A date column holds a date-time; its date part was kept.',
    action: 'normalised',
  },
  date_order_inferred: {
    severity: 'warning',
    description:
      'A date such as 1/09/2022 could be day-first or month-first; the order every other date in the file proves was applied, and the record is flagged.',
    action: 'normalised',
  },
  date_ambiguous: {
    severity: 'error',
    description:
      'A date such as 1/05/2023 could be day-first or month-first and nothing in the file settles it; the value was not guessed.',
  },
  date_invalid: {
    severity: 'error',
    description: 'A date column holds something that is not a date.',
  },
  date_range_invalid: {
    severity: 'warning',
    description: 'startDate is not before endDate.',
  },
  school_year_invalid: {
    severity: 'error',
    description: 'schoolYear is not a four-digit year.',
  },
  list_item_spaces: {
    severity: 'warning',
    description: 'A multi-value cell has spaces around its items (e.g. "Science, Physics"); they were trimmed.',
    action: 'normalised',
  },
  user_ids_format: {
    severity: 'warning',
    description: 'userIds is not a list of {type:identifier}; the raw value is kept in metadata.userIds.',
  },
  grade_not_ceds: {
    severity: 'warning',
    description: 'A grade is not a CEDS grade code.',
  },
  value_too_long: {
    severity: 'warning',
    description:
      'A value is over its length limit (docs/normalisation.md): a name or text is cut to it; the row of an over-long id or matching key is left out.',
  },
  metadata_bounded: {
    severity: 'warning',
    description:
      "A row's extension and unknown columns together are over the metadata size limit; the columns past it were dropped.",
  },
  reference_missing: {
    severity: 'warning',
    description: "A reference (e.g. an enrollment's class) names a sourcedId that no file of the bundle contains.",
  },
  reference_target_absent: {
    severity: 'info',
    description:
      'References point into a collection the bundle does not carry (its file is absent: no change); they cannot be checked here. Reported once per target collection.',
  },
  reference_target_skipped: {
    severity: 'warning',
    description:
      'A reference names a record whose row is in the bundle but was left out by the reader (the message says where and why); fix that row, not the reference.',
  },
  role_primary_count: {
    severity: 'warning',
    description: 'A 1.2 user does not have exactly one primary role at an org.',
  },
  password_dropped: {
    severity: 'info',
    description: 'Password values were not read (pass includePasswords to keep them in metadata).',
  },
  issues_truncated: {
    severity: 'info',
    description: 'More issues of one code in one file were found than the cap; the rest are counted, not listed.',
  },
  writer_lossy: {
    severity: 'warning',
    description:
      'A roster value has no place in the chosen CSV version (e.g. 1.2 roles in a 1.1 bundle); it was not written.',
  },
} as const satisfies Record<string, CsvIssueDefinition>

/** A stable CSV issue code. */
export type CsvIssueCode = keyof typeof CSV_ISSUE_CATALOG

/** One problem found in a CSV bundle, as data. */
export interface CsvIssue {
  /** Stable code from {@link CSV_ISSUE_CATALOG}. */
  code: CsvIssueCode
  /** `error` makes the bundle invalid; strict mode turns warnings into errors. */
  severity: CsvIssueSeverity
  /** What was found, for people. */
  message: string
  /** File name inside the bundle, when the issue concerns one file. */
  file?: string
  /** 1-based line number in that file (the header is line 1). */
  line?: number
  /** Column name as the spec spells it (or as the file spells it when unknown). */
  column?: string
  /** The canonical field the column maps to, when it differs from the column. */
  field?: string
  /** sourcedId of the record concerned, when known. */
  sourcedId?: string
  /** The offending value, shortened. */
  value?: string
}
