import { parseArgs } from 'node:util'
import type { Roster } from '../../model/index.js'
import type { CsvIssue, CsvRosterSource } from '../../providers/csv/index.js'
import { type DistrictParameters, parseDistrictParameters, validateRoster } from '../../validate/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { createProgressPrinter } from '../progress.js'
import { readJsonFile } from '../read-json-file.js'
import { createSourceFromFlags, SOURCE_OPTIONS, SOURCE_USAGE } from '../source-flags.js'

/**
 * `rosterkit validate`: checks a CSV bundle or a live source against the specs and the district's
 * parameters, before anything is synced.
 *
 * @module
 */

/** Usage text of the command. */
export const VALIDATE_USAGE = `usage: rosterkit validate (--bundle PATH | [source options]) [--parameters FILE] [--json]

Reads the roster and checks it: references, duplicates, enums, CEDS grades, dates, roles, and what the
district promised in its parameters (testing measures, screening classes, required identifiers,
schools in scope). For a CSV bundle the file-level issues (quoting, headers, manifest) come first.
Exit code 0 when nothing blocks a sync, 1 when errors do.

  --parameters FILE   district parameters as JSON (see docs/district-parameters.md)
  --json              the full result as JSON

${SOURCE_USAGE}`

function isCsvSource(source: { kind: string }): source is CsvRosterSource {
  return source.kind === 'oneroster-csv' && 'read' in source
}

function describeCsvIssue(issue: CsvIssue): string {
  const where = [issue.file, issue.line === undefined ? undefined : `line ${issue.line}`, issue.column]
    .filter(Boolean)
    .join(' ')
  return `  ${issue.severity.toUpperCase().padEnd(7)} ${issue.code}${where ? ` (${where})` : ''}: ${issue.message}`
}

/**
 * Runs `rosterkit validate`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code
 */
export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...SOURCE_OPTIONS, parameters: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  })
  if (positionals.length > 1) throw new UsageError('give one bundle')
  const bundle = values.bundle ?? positionals[0]
  let parameters: DistrictParameters | undefined
  if (values.parameters !== undefined) {
    parameters = await readJsonFile(values.parameters, 'district parameters', parseDistrictParameters)
  }
  const source = createSourceFromFlags({ ...values, ...(bundle === undefined ? {} : { bundle }) }, io)

  let roster: Roster
  let csvIssues: CsvIssue[] = []
  if (isCsvSource(source)) {
    const read = await source.read()
    roster = read.roster
    csvIssues = read.issues
  } else {
    roster = await source.pull({ onProgress: createProgressPrinter(io) })
  }
  const report = validateRoster(roster, parameters, { now: new Date() })
  const csvErrors = csvIssues.filter((i) => i.severity === 'error').length
  const ok = report.ok && csvErrors === 0

  if (values.json) {
    io.out(
      `${JSON.stringify({ ok, source: source.label, csvIssues, blocked: report.blocked, blockReasons: report.blockReasons, summary: report.summary, quarantined: report.quarantined, issues: report.issues }, null, 2)}\n`,
    )
  } else {
    io.out(
      `Validated ${source.label}: ${roster.users.length} users, ${roster.classes.length} classes, ${roster.enrollments.length} enrollments\n\n`,
    )
    if (csvIssues.length > 0) {
      io.out(`CSV bundle: ${csvErrors} errors, ${csvIssues.length - csvErrors} warnings\n`)
      for (const issue of csvIssues.slice(0, 20)) io.out(`${describeCsvIssue(issue)}\n`)
      if (csvIssues.length > 20) io.out(`  … and ${csvIssues.length - 20} more (use --json for all)\n`)
      io.out('\n')
    }
    io.out(report.toText())
    io.out(`\n${ok ? 'OK: nothing blocks a sync.' : 'BLOCKED: fix the errors above before syncing.'}\n`)
  }
  return ok ? EXIT.ok : EXIT.problems
}
