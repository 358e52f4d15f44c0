import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { writeOneRosterCsv } from '../../providers/csv/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { createProgressPrinter } from '../progress.js'
import { createSourceFromFlags, SOURCE_OPTIONS, SOURCE_USAGE } from '../source-flags.js'

/**
 * `rosterkit pull`: reads a whole roster from a source and writes it as a OneRoster CSV zip or as
 * canonical JSON.
 *
 * @module
 */

/** Usage text of the command. */
export const PULL_USAGE = `usage: rosterkit pull [source options] --out FILE [--format csv|json] [--since CURSOR] [--json]

Pulls the roster and writes it to FILE: a OneRoster 1.2 CSV bundle (.zip) or canonical JSON (.json);
--format overrides the file extension. --since pulls only the changes after an incremental cursor.
--json prints a summary as JSON. Exit code 1 when the pull was incomplete (the file is still written,
with each collection's completeness).

${SOURCE_USAGE}`

/**
 * Runs `rosterkit pull`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code
 */
export async function runPull(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...SOURCE_OPTIONS,
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  })
  const out = values.out
  if (out === undefined) throw new UsageError('--out is required')
  const format = values.format ?? (extname(out).toLowerCase() === '.json' ? 'json' : 'csv')
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json')
  const source = createSourceFromFlags(values, io)
  const roster = await source.pull({ since: values.since, onProgress: createProgressPrinter(io) })
  if (format === 'json') await writeFile(out, `${JSON.stringify(roster, null, 2)}\n`)
  else await writeFile(out, writeOneRosterCsv(roster).zip)

  const counts = {
    orgs: roster.orgs.length,
    academicSessions: roster.academicSessions.length,
    courses: roster.courses.length,
    classes: roster.classes.length,
    users: roster.users.length,
    enrollments: roster.enrollments.length,
    demographics: roster.demographics.length,
  }
  const incomplete = Object.entries(roster.completeness)
    .filter(([, c]) => c && !c.complete)
    .map(([name, c]) => `${name}${c?.reason ? ` (${c.reason})` : ''}`)
  if (values.json) {
    io.out(
      `${JSON.stringify({ file: out, format, mode: roster.mode, complete: roster.complete, cursor: roster.cursor, counts, incomplete }, null, 2)}\n`,
    )
  } else {
    io.out(`Wrote ${roster.mode} roster to ${out} (${format}).\n`)
    for (const [name, n] of Object.entries(counts)) io.out(`  ${name.padEnd(17)} ${n}\n`)
    if (roster.cursor !== undefined) io.out(`Cursor for the next incremental pull: ${roster.cursor}\n`)
  }
  if (incomplete.length > 0) io.err(`warning: the pull was incomplete: ${incomplete.join(', ')}\n`)
  return roster.complete ? EXIT.ok : EXIT.problems
}
