/**
 * A nightly job that syncs one district incrementally into the host's store, persists the sync
 * state between nights and emails the report to the district's technical owner.
 *
 * Run it: `node scripts/run-ts.mjs examples/nightly-sync.ts`
 */
import { pathToFileURL } from 'node:url'
import { createRosterSync, type RosterStore, type SyncResult, type SyncState } from 'rosterkit'
import { createOneRosterClient } from 'rosterkit/oneroster'
import { evolveDistrict, generateDistrict, MemoryRosterStore, startMockOneRosterServer } from 'rosterkit/testing'

/** Where the host keeps each district's sync state: a database row in a real app. */
const stateTable = new Map<string, string>()

/** What the host's mailer would send. */
const outbox: Array<{ to: string; subject: string; html: string; text: string }> = []

/** One night's job for one district, as a job queue (BullMQ, a workflow engine, cron) would run it. */
async function nightlyJob(districtId: string, client: ReturnType<typeof createOneRosterClient>, store: RosterStore) {
  const saved = stateTable.get(districtId)
  const sync = createRosterSync({
    source: client,
    store,
    sourceId: `oneroster:${districtId}`,
    policy: {
      schools: { unmatched: 'create' },
      roles: { student: { existing: 'autoUpdate', archive: true }, teacher: { existing: 'autoUpdate' } },
      entities: { enrollments: { existing: 'autoUpdate', archive: true } },
    },
    dataCategories: { parentContacts: false },
    state: saved === undefined ? undefined : (JSON.parse(saved) as SyncState),
    // Persist each change of state at once, so a crash mid-apply still leaves the checkpoint.
    onStateChange: (state) => {
      stateTable.set(districtId, JSON.stringify(state))
    },
  })
  const result: SyncResult = await sync.run({ signal: AbortSignal.timeout(10 * 60_000) })
  stateTable.set(districtId, JSON.stringify(result.state))
  outbox.push({
    to: 'it-director@district.example',
    subject: `[Roster sync] ${result.report.data.headline}`,
    html: result.report.toHtml(),
    text: result.report.toText(),
  })
  return result
}

/** Runs two nights against a loopback OneRoster 1.2 server and returns what happened. */
export async function main(): Promise<{ nights: SyncResult[]; emails: number }> {
  const roster = generateDistrict({ students: 300, seed: 21 })
  const server = await startMockOneRosterServer({
    version: '1.2',
    roster,
    auth: { type: 'oauth2', clientId: 'app', clientSecret: 'app-secret' },
  })
  try {
    const client = createOneRosterClient({
      baseUrl: server.baseUrl,
      version: '1.2',
      auth: { type: 'oauth2', clientId: 'app', clientSecret: 'app-secret', tokenUrl: server.tokenUrl },
      allowInsecureLoopback: true, // loopback test server only
    })
    const store = new MemoryRosterStore()
    const first = await nightlyJob('district-42', client, store)

    // During the day the SIS changes; the server serves the roster object live.
    Object.assign(roster, evolveDistrict(roster, { newStudents: 4, withdrawals: 1, transfers: 2 }).roster)
    const second = await nightlyJob('district-42', client, store)
    return { nights: [first, second], emails: outbox.length }
  } finally {
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { nights } = await main()
  for (const night of nights) console.log(night.report.toText())
}
