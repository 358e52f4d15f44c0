import type { Roster, RosterCollection, RosterSource } from '../model/index.js'
import { createCleverClient } from '../providers/clever/index.js'
import { createCsvSource, writeOneRosterCsv } from '../providers/csv/index.js'
import { createOneRosterClient } from '../providers/oneroster/index.js'
import type { EvolvedDistrict } from '../testing/generate-district.js'
import { startMockCleverServer, startMockOneRosterServer } from '../testing/index.js'

/**
 * The demo's district behind a real source: a loopback OneRoster 1.1 or 1.2 server, a loopback
 * Clever server, or a CSV bundle in memory.
 *
 * @module
 */

/** The kinds of source the demo can stand up. */
export const DEMO_SOURCES = ['oneroster-1.1', 'oneroster-1.2', 'clever', 'csv'] as const
/** A kind of source the demo can stand up. */
export type DemoSourceKind = (typeof DEMO_SOURCES)[number]

/** A running demo source. */
export interface DemoSource {
  /** The client the sync reads through, exactly as a vendor would configure it. */
  source: RosterSource
  /** Where the district is served, for people. */
  where: string
  /** How `evolveDistrict` should show deletions for this kind of source. */
  deletions: 'tobedeleted' | 'absent'
  /** Serves the district after the changes. */
  update(evolved: EvolvedDistrict): void
  /** Stops the server. */
  close(): Promise<void>
}

// The demo's own credentials for its loopback servers; never a real district's.
const DEMO_CLIENT_ID = 'demo-client'
const DEMO_CLIENT_SECRET = 'demo-secret-not-for-production'

function changedRecords(evolved: EvolvedDistrict): {
  upsert: Record<string, unknown[]>
  remove: Record<string, string[]>
} {
  const upsert: Record<string, unknown[]> = {}
  const remove: Record<string, string[]> = {}
  for (const name of Object.keys(evolved.changes.created) as RosterCollection[]) {
    const ids = new Set([...evolved.changes.created[name], ...evolved.changes.updated[name]])
    const records = (evolved.roster[name] as Array<{ sourcedId: string }>).filter((r) => ids.has(r.sourcedId))
    if (records.length > 0) upsert[name] = records
    if (evolved.changes.deleted[name].length > 0) remove[name] = evolved.changes.deleted[name]
  }
  return { upsert, remove }
}

/**
 * Stands up the demo district behind a source of the given kind.
 * @param kind - which source
 * @param roster - the district; for OneRoster it is served live, so `update` replaces its collections
 */
export async function startDemoSource(kind: DemoSourceKind, roster: Roster): Promise<DemoSource> {
  if (kind === 'csv') {
    let zip = writeOneRosterCsv(roster).zip
    return {
      source: createCsvSource(() => zip, { label: 'district-export.zip' }),
      where: 'a OneRoster 1.2 CSV bundle in memory (district-export.zip)',
      deletions: 'absent',
      update(evolved) {
        zip = writeOneRosterCsv(evolved.roster).zip
      },
      close: async () => {},
    }
  }
  if (kind === 'clever') {
    const server = await startMockCleverServer({ roster })
    return {
      source: createCleverClient({ token: server.token }, { baseUrl: server.origin, allowInsecureLoopback: true }),
      where: `a loopback Clever v3.0 API at ${server.baseUrl('3.0')}`,
      deletions: 'tobedeleted',
      update(evolved) {
        server.applyChanges(changedRecords(evolved) as Parameters<typeof server.applyChanges>[0])
      },
      close: () => server.close(),
    }
  }
  const version = kind === 'oneroster-1.1' ? '1.1' : '1.2'
  const served: Roster = { ...roster }
  const server = await startMockOneRosterServer({
    version,
    roster: served,
    auth:
      version === '1.1'
        ? { type: 'oauth1', clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET }
        : { type: 'oauth2', clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
  })
  const source =
    version === '1.1'
      ? createOneRosterClient({
          baseUrl: server.baseUrl,
          version,
          auth: { type: 'oauth1', clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
          allowInsecureLoopback: true,
        })
      : createOneRosterClient({
          baseUrl: server.baseUrl,
          version,
          auth: {
            type: 'oauth2',
            clientId: DEMO_CLIENT_ID,
            clientSecret: DEMO_CLIENT_SECRET,
            tokenUrl: server.tokenUrl,
          },
          allowInsecureLoopback: true,
        })
  return {
    source,
    where: `a loopback OneRoster ${version} server at ${server.baseUrl} (${version === '1.1' ? 'OAuth 1.0a' : 'OAuth 2'})`,
    deletions: 'tobedeleted',
    update(evolved) {
      // The server reads the roster object on every request: swapping its collections is a live change.
      Object.assign(served, evolved.roster)
    },
    close: () => server.close(),
  }
}
