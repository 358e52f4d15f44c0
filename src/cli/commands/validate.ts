import { parseArgs } from 'node:util'
import type { Roster } from '../../model/index.js'
import type { CsvIssue, CsvRosterSource } from '../../providers/csv/index.js'
import { readSourceIssues, SOURCE_ERROR_CODE } from '../../sync/source-issues-step.js'
import { runValidation } from '../../sync/validation-step.js'
import { type DistrictParameters, parseDistrictParameters } from '../../validate/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { groupFindings, mergeFindings, renderFindingGroups } from '../findings.js'
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

Reads the roster and checks it: for a CSV bundle the file level (quoting, headers, manifest), then
references, duplicates, enums, CEDS grades, dates, roles, and what the district promised in its
parameters (testing measures, screening classes, required identifiers, schools in scope). Findings are
grouped by code, errors first, with a count and the first examples of each.
Exit code 0 when nothing blocks a sync, 1 when errors do.

  --parameters FILE   district parameters as JSON (see docs/district-parameters.md)
  --json              the full result as JSON

${SOURCE_USAGE}`

function isCsvSource(source: { kind: string }): source is CsvRosterSource {
  return source.kind === 'oneroster-csv' && 'read' in source
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
  // The same validation a sync runs, source-reader errors included, so `validate` and `plan` agree
  // on one bundle: the same error count and the same verdict.
  const step = runValidation(roster, parameters, new Date(), readSourceIssues(roster))
  const report = step.report
  const ok = !step.blocked

  if (values.json) {
    io.out(
      `${JSON.stringify({ ok, source: source.label, csvIssues, blocked: report.blocked, blockReasons: report.blockReasons, summary: report.summary, quarantined: report.quarantined, issues: report.issues }, null, 2)}\n`,
    )
  } else {
    // A CSV bundle's reader errors are listed with their file and line; the validator's
    // source_error findings restate them, so they are left out of the listing (not of the count).
    const issues = csvIssues.length > 0 ? report.issues.filter((i) => i.code !== SOURCE_ERROR_CODE) : report.issues
    const groups = groupFindings(mergeFindings(csvIssues, issues))
    const warnings = groups.filter((g) => g.severity === 'warning').reduce((n, g) => n + g.count, 0)
    const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
    io.out(
      `Validated ${source.label}: ${plural(roster.users.length, 'user')}, ${plural(roster.classes.length, 'class', 'classes')}, ${plural(roster.enrollments.length, 'enrollment')}\n`,
    )
    io.out(`${plural(report.summary.errors, 'error')}, ${plural(warnings, 'warning')}`)
    io.out(report.quarantined.length > 0 ? `, ${report.quarantined.length} quarantined\n` : '\n')
    const findings = renderFindingGroups(groups)
    if (findings !== '') io.out(`\n${findings}`)
    if (report.quarantined.length > 0) {
      io.out(`\nQuarantined (left out of the sync, the rest can go ahead): ${report.quarantined.length}\n`)
      for (const q of report.quarantined.slice(0, 10)) io.out(`  - ${q.entity} ${q.sourcedId}\n`)
    }
    if (!ok) {
      io.out('\nBlocked because:\n')
      for (const r of step.blockReasons) io.out(`  - ${r}\n`)
    }
    io.out(`\n${ok ? 'OK: nothing blocks a sync.' : 'BLOCKED: fix the errors above before syncing.'}\n`)
  }
  return ok ? EXIT.ok : EXIT.problems
}
