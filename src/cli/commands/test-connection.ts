import { parseArgs } from 'node:util'
import type { ConnectionDiagnosis } from '../../model/index.js'
import { EXIT } from '../exit-codes.js'
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
says what a district admin can do about each failure. Exit code 0 when a sync can work, 3 otherwise.

${SOURCE_USAGE}`

const MARKS = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const

/**
 * Renders a diagnosis for a terminal: one line per check, hints indented below.
 * @param diagnosis - what `testConnection()` found
 */
export function renderDiagnosis(diagnosis: ConnectionDiagnosis): string {
  const lines = [`${diagnosis.ok ? 'Connection OK' : 'Connection FAILED'}: ${diagnosis.summary}`, '']
  for (const check of diagnosis.checks) {
    lines.push(`  [${MARKS[check.status]}] ${check.id}: ${check.message}`)
    if (check.hint && check.status !== 'pass') lines.push(`         ${check.hint}`)
  }
  return `${lines.join('\n')}\n`
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
  const diagnosis = await source.testConnection()
  io.out(values.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : renderDiagnosis(diagnosis))
  return diagnosis.ok ? EXIT.ok : EXIT.connection
}
