/**
 * Clever Secure Sync: an app with Clever credentials finds the district's token, runs a test sync
 * a person approves, then keeps up through Clever's events feed.
 *
 * Run it: `node scripts/run-ts.mjs examples/clever-secure-sync.ts`
 */
import { pathToFileURL } from 'node:url'
import { createRosterSync, type SyncResult } from 'rosterkit'
import { createCleverClient } from 'rosterkit/clever'
import { generateDistrict, MemoryRosterStore, startMockCleverServer } from 'rosterkit/testing'

/** Connects, previews, approves, then syncs the day's changes from the events feed. */
export async function main(): Promise<{ approved: SyncResult; nightly: SyncResult }> {
  const roster = generateDistrict({ students: 150, seed: 17 })
  const server = await startMockCleverServer({ roster })
  try {
    // App credentials: the client lists the app's district tokens and picks this district's.
    const client = createCleverClient(
      { clientId: server.clientId, clientSecret: server.clientSecret, districtId: server.districtId },
      { baseUrl: server.origin, tokensUrl: `${server.origin}/oauth/tokens`, allowInsecureLoopback: true },
    )
    const store = new MemoryRosterStore()
    const settings = {
      source: client,
      store,
      sourceId: `clever:${server.districtId}`,
      policy: {
        schools: { unmatched: 'create' as const },
        roles: { student: { existing: 'autoUpdate' as const, archive: true } },
      },
    }
    const sync = createRosterSync(settings)
    const diagnosis = await sync.testConnection()
    if (!diagnosis.ok) throw new Error(`Clever connection failed: ${diagnosis.summary}`)
    const preview = await sync.preview()
    const approved = await sync.approve(preview)

    // A student joins and another leaves in Clever; each change becomes an event.
    const student = roster.users.find((u) => u.roles.some((r) => r.role === 'student'))
    if (!student) throw new Error('no student')
    server.applyChanges({
      upsert: {
        users: [{ ...student, sourcedId: 'stu-new-1', username: 'new.student', email: 'new.student@district.example' }],
      },
      remove: { users: [student.sourcedId] },
    })
    // The next night: a new process with the persisted state.
    const nightly = await createRosterSync({ ...settings, state: approved.state }).run()
    return { approved, nightly }
  } finally {
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { nightly } = await main()
  console.log(nightly.report.toText())
}
