/**
 * A nightly job that imports a district's OneRoster CSV drop from its SFTP server: the newest
 * complete bundle is read once, a night without a new drop changes nothing and says so, and the
 * imported drop is moved to `archive/` only after the sync applied it.
 *
 * Run it against a real server (credentials from the environment, never the command line):
 * ```sh
 * SFTP_HOST=sftp.district.example SFTP_USER=rosterkit SFTP_KEY_FILE=~/.ssh/district_ed25519 \
 * SFTP_HOST_KEY='SHA256:…' SFTP_PATH=/oneroster node scripts/run-ts.mjs examples/sftp-nightly.ts
 * ```
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createRosterSync, type RosterStore, type SyncResult, type SyncState } from 'rosterkit'
import { createSftpCsvSource, type SftpArchiveResult, type SftpCsvSourceOptions } from 'rosterkit/node'
import { MemoryRosterStore } from 'rosterkit/testing'

/** Where the host keeps each district's sync state: a database row in a real app. */
const stateTable = new Map<string, string>()

/** What one night did. */
export interface Night {
  result: SyncResult
  /** The drop read, or that there was none new. */
  drop: string
  archived: SftpArchiveResult | undefined
}

/** One night's job for one district. */
export async function nightlyJob(
  districtId: string,
  connection: SftpCsvSourceOptions,
  store: RosterStore,
): Promise<Night> {
  const source = createSftpCsvSource({ pattern: 'roster-*.zip', ...connection })
  const saved = stateTable.get(districtId)
  const sync = createRosterSync({
    source,
    store,
    sourceId: `sftp:${districtId}`,
    policy: {
      schools: { unmatched: 'create' },
      roles: { student: { existing: 'autoUpdate', archive: true }, teacher: { existing: 'autoUpdate' } },
    },
    // Every new drop is a full bundle: no scheduled full sync that would read the last drop again.
    fullSyncEvery: 0,
    // The cursor in this state is the last imported drop: it is what makes a drop import only once.
    state: saved === undefined ? undefined : (JSON.parse(saved) as SyncState),
    onStateChange: (state) => {
      stateTable.set(districtId, JSON.stringify(state))
    },
  })
  const result = await sync.run({ signal: AbortSignal.timeout(30 * 60_000) })
  stateTable.set(districtId, JSON.stringify(result.state))
  // Only an applied run archives: its cursor names the drop that was imported completely.
  const archived = result.outcome === 'applied' ? await source.archiveImported(result.state.cursor) : undefined
  const last = source.lastDrop
  const drop = last?.outcome === 'read' ? `read ${last.name}` : 'no new drop'
  return { result, drop, archived }
}

/**
 * Runs two nights against the given server with no new drop in between.
 * @param connection - the SFTP server, login, pinned host key and drop folder
 */
export async function main(connection: SftpCsvSourceOptions): Promise<Night[]> {
  const store = new MemoryRosterStore()
  const first = await nightlyJob('district-42', connection, store)
  const second = await nightlyJob('district-42', connection, store)
  return [first, second]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env
  const required = (name: string): string => {
    const value = env[name]
    if (!value) throw new Error(`set ${name}`)
    return value
  }
  const nights = await main({
    host: required('SFTP_HOST'),
    port: Number(env.SFTP_PORT ?? 22),
    username: required('SFTP_USER'),
    ...(env.SFTP_KEY_FILE ? { privateKey: readFileSync(env.SFTP_KEY_FILE, 'utf8') } : {}),
    ...(env.SFTP_PASSWORD ? { password: env.SFTP_PASSWORD } : {}),
    hostKey: required('SFTP_HOST_KEY'),
    path: required('SFTP_PATH'),
  })
  for (const night of nights) console.log(`${night.drop}\n${night.result.report.toText()}`)
}
