import { parseArgs } from 'node:util'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { openCliDatabase, readDistrictConfig } from './sync.js'

/**
 * `rosterkit runs`: the past syncs of a district, newest first, with their outcome.
 *
 * @module
 */

/** Usage text of the command. */
export const RUNS_USAGE = `usage: rosterkit runs --db <postgres-url | pglite-folder> (--config district.json | --district ID) [--limit N] [--show ID] [--json]

Lists a district's past previews, approvals and runs, newest first, with their outcome.

  --db TARGET      the database "rosterkit sync" writes to
  --config FILE    the district config (for its district id), or
  --district ID    the district id
  --schema NAME    Postgres schema of rosterkit's tables (default rosterkit)
  --limit N        at most N runs (default 20)
  --show ID        print one run's whole report
  --json           print JSON`

/**
 * Runs `rosterkit runs`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code
 */
export async function runRuns(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      db: { type: 'string' },
      config: { type: 'string' },
      district: { type: 'string' },
      schema: { type: 'string' },
      limit: { type: 'string' },
      show: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.db === undefined) throw new UsageError('--db is required')
  const district =
    values.district ?? (values.config === undefined ? undefined : (await readDistrictConfig(values.config)).district)
  if (district === undefined) throw new UsageError('--config or --district is required')
  const limit = values.limit === undefined ? 20 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number')
  const { postgres, database } = await openCliDatabase(values.db, values.schema)
  try {
    const history = postgres.createPostgresSyncStore({ database, district })
    if (values.show !== undefined) {
      const run = await history.getRun(Number(values.show))
      if (!run) throw new UsageError(`no run ${values.show} in district "${district}"`)
      io.out(`${JSON.stringify(run, null, 2)}\n`)
      return EXIT.ok
    }
    const runs = await history.listRuns({ limit })
    if (values.json) {
      io.out(`${JSON.stringify(runs, null, 2)}\n`)
      return EXIT.ok
    }
    if (runs.length === 0) {
      io.out(`No runs of district "${district}" yet.\n`)
      return EXIT.ok
    }
    io.out(
      `${'id'.padStart(5)}  ${'finished'.padEnd(24)}  ${'operation'.padEnd(9)}  ${'outcome'.padEnd(17)}  headline\n`,
    )
    for (const run of runs) {
      io.out(
        `${String(run.id).padStart(5)}  ${run.finishedAt.padEnd(24)}  ${run.operation.padEnd(9)}  ${run.outcome.padEnd(17)}  ${run.headline}\n`,
      )
    }
    return EXIT.ok
  } finally {
    await database.close()
  }
}
