/**
 * A nightly job that syncs one district into Postgres with `rosterkit/postgres`: the roster in
 * rosterkit's tables, the sync state, any plan held for a person and every run's report in the same
 * database. One run per district at a time; a run killed part-way resumes from its checkpoint.
 *
 * Run it: `node scripts/run-ts.mjs examples/postgres-nightly.ts [postgres://… | ./roster-db]`
 * (without an argument the database is an embedded PGlite in memory).
 */
import { pathToFileURL } from 'node:url'
import { createRosterSync, type SyncResult } from 'rosterkit'
import { createOneRosterClient } from 'rosterkit/oneroster'
import {
  createPostgresRosterStore,
  createPostgresSyncStore,
  openRosterDatabase,
  type RosterDatabase,
  type RunSummary,
} from 'rosterkit/postgres'
import { evolveDistrict, generateDistrict, startMockOneRosterServer } from 'rosterkit/testing'

/** One night's job for one district, as cron or a job queue would run it. */
async function nightlyJob(
  database: RosterDatabase,
  district: string,
  client: ReturnType<typeof createOneRosterClient>,
): Promise<SyncResult> {
  // A second job for the same district is refused (DistrictBusyError) instead of interleaving.
  const release = await database.lockDistrict(district)
  try {
    const store = createPostgresRosterStore({ database, district })
    const history = createPostgresSyncStore({ database, district })
    const sync = createRosterSync({
      source: client,
      store,
      policy: {
        namespace: district,
        schools: { unmatched: 'create' },
        roles: { student: { existing: 'autoUpdate', archive: true }, teacher: { existing: 'autoUpdate' } },
        entities: { enrollments: { existing: 'autoUpdate', archive: true } },
      },
      state: await history.loadState(),
      // Every change of state is saved at once, checkpoints included.
      onStateChange: (state) => history.saveState(state),
    })
    const result = await sync.run({ signal: AbortSignal.timeout(30 * 60_000) })
    await history.recordRun(result.report)
    // A held plan waits in the database; a person approves it tomorrow with `rosterkit sync … approve`.
    if (result.outcome === 'held' && result.preview) await history.savePreview(result.preview)
    return result
  } finally {
    await release()
  }
}

/**
 * Runs two nights against a loopback OneRoster 1.2 server.
 * @param target - the database: a Postgres URL, a PGlite folder, or `memory://`
 * @param schema - the Postgres schema of rosterkit's tables
 */
export async function main(
  target = 'memory://',
  schema = 'rosterkit',
): Promise<{ nights: SyncResult[]; runs: RunSummary[]; activeStudents: number }> {
  const roster = generateDistrict({ students: 200, seed: 21 })
  const server = await startMockOneRosterServer({
    version: '1.2',
    roster,
    auth: { type: 'oauth2', clientId: 'app', clientSecret: 'app-secret' },
  })
  // Creates the schema and runs pending migrations.
  const database = await openRosterDatabase(target, { schema })
  try {
    const client = createOneRosterClient({
      baseUrl: server.baseUrl,
      version: '1.2',
      auth: { type: 'oauth2', clientId: 'app', clientSecret: 'app-secret', tokenUrl: server.tokenUrl },
      allowInsecureLoopback: true, // loopback test server only
    })
    const first = await nightlyJob(database, 'district-42', client)
    Object.assign(roster, evolveDistrict(roster, { newStudents: 4, withdrawals: 1, transfers: 2 }).roster)
    const second = await nightlyJob(database, 'district-42', client)

    // The host app reads the roster from rosterkit's views.
    const { count } = await database.db
      .selectFrom('active_students')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('district', '=', 'district-42')
      .executeTakeFirstOrThrow()
    const runs = await createPostgresSyncStore({ database, district: 'district-42' }).listRuns()
    return { nights: [first, second], runs, activeStudents: Number(count) }
  } finally {
    await database.close()
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { nights, runs, activeStudents } = await main(process.argv[2])
  for (const night of nights) console.log(night.report.toText())
  console.log(`${activeStudents} active students; runs:`)
  for (const run of runs) console.log(`  #${run.id} ${run.finishedAt} ${run.operation} ${run.outcome}: ${run.headline}`)
}
