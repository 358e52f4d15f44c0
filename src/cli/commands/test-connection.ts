import { parseArgs } from 'node:util'
import type { ConnectionDiagnosis, DiagnosisCheck } from '../../model/index.js'
import type { CsvRosterSource } from '../../providers/csv/index.js'
import { validateRoster } from '../../validate/index.js'
import { EXIT, inCliTerms } from '../exit-codes.js'
import { groupFindings, mergeFindings } from '../findings.js'
import type { CliIo } from '../io.js'
import { createSourceFromFlags, SOURCE_OPTIONS, SOURCE_USAGE } from '../source-flags.js'

/**
 * `rosterkit test-connection`: checks a source's credentials and endpoints and says what to fix.
 *
 * @module
 */

/** Usage text of the command. */
export const TEST_CONNECTION_USAGE = `usage: rosterkit test-connection [source options] [--json]

Checks reachability, TLS, authentication, scopes, the API version and each rostering endpoint, and
says what a district admin can do about each failure. For a CSV bundle: that it is a readable
OneRoster bundle, and that its content would not block a sync.
Exit code 0 when a sync can work, 3 when the source cannot be reached or refuses the credentials,
4 when a bundle cannot be read, 1 when a bundle can be read but its content blocks a sync.

${SOURCE_USAGE}`

const MARKS = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const

/**
 * Renders a diagnosis for a terminal: one line per check, hints indented below.
 * @param diagnosis - what `testConnection()` found
 */
export function renderDiagnosis(diagnosis: ConnectionDiagnosis): string {
  // A bundle is not connected to: it is ready or not. A bundle behind a server (SFTP) is connected to.
  const served = diagnosis.checks.some((c) => c.id === 'connect')
  const verdict =
    diagnosis.source === 'oneroster-csv' && !served
      ? diagnosis.ok
        ? 'Bundle OK'
        : 'Bundle NOT READY'
      : diagnosis.ok
        ? 'Connection OK'
        : 'Connection FAILED'
  const lines = [`${verdict}: ${inCliTerms(diagnosis.summary)}`, '']
  for (const check of diagnosis.checks) {
    lines.push(`  [${MARKS[check.status]}] ${check.id}: ${inCliTerms(check.message)}`)
    if (check.hint && check.status !== 'pass') lines.push(`         ${inCliTerms(check.hint)}`)
  }
  return `${lines.join('\n')}\n`
}

function isCsvSource(source: { kind: string }): source is CsvRosterSource {
  return source.kind === 'oneroster-csv' && 'read' in source
}

/**
 * For a bundle, reading it is only half the test: a bundle whose content blocks a sync is not ready.
 * Adds a `validation` check with the error codes and the command that lists them, and turns the
 * bundle's own content check's hint into that command.
 */
async function checkBundleContent(
  source: CsvRosterSource,
  bundle: string,
  diagnosis: ConnectionDiagnosis,
): Promise<ConnectionDiagnosis> {
  const read = await source.read()
  const report = validateRoster(read.roster, undefined, { now: new Date() })
  const errors = groupFindings(mergeFindings(read.issues, report.issues)).filter((g) => g.severity === 'error')
  const count = errors.reduce((n, g) => n + g.count, 0)
  const command = `run "rosterkit validate ${bundle}" for every finding with its file, line and record`
  const checks: DiagnosisCheck[] = diagnosis.checks.map((c) =>
    c.id === 'content' && c.hint !== undefined ? { ...c, hint: `${command[0]?.toUpperCase()}${command.slice(1)}.` } : c,
  )
  if (count === 0) {
    checks.push({ id: 'validation', status: 'pass', message: 'nothing in the content blocks a sync' })
    return { ...diagnosis, checks }
  }
  const codes = errors.map((g) => `${g.code} ×${g.count}`).join(', ')
  const message = `${count} error${count === 1 ? '' : 's'} would block a sync: ${codes}`
  checks.push({ id: 'validation', status: 'fail', message, hint: `Fix them in the export; ${command}.` })
  return {
    ...diagnosis,
    ok: false,
    checks,
    summary: `the bundle can be read, but ${count} error${count === 1 ? '' : 's'} in it would block a sync; ${command}`,
  }
}

/**
 * Runs `rosterkit test-connection`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code
 */
export async function runTestConnection(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { ...SOURCE_OPTIONS, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  })
  const source = createSourceFromFlags(values, io)
  let diagnosis = await source.testConnection()
  const bundle = isCsvSource(source) && values.bundle !== undefined
  if (bundle && diagnosis.ok) diagnosis = await checkBundleContent(source, values.bundle as string, diagnosis)
  io.out(values.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : renderDiagnosis(diagnosis))
  if (diagnosis.ok) return EXIT.ok
  if (!bundle) return EXIT.connection
  // A bundle that reads but holds blocking errors is a data problem, not a connection one.
  return diagnosis.checks.some((c) => c.id === 'validation' && c.status === 'fail') ? EXIT.problems : EXIT.input
}
