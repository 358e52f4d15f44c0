import * as msw from 'msw'
import * as mswNode from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as clever from '../../src/clever.js'
import * as csv from '../../src/csv.js'
import * as rosterkit from '../../src/index.js'
import * as oneroster from '../../src/oneroster.js'
import * as testing from '../../src/testing/index.js'
import { readDocSnippets, runSnippet } from './doc-snippets.js'

// Every code block of the README and the guides that uses the OneRoster client runs here, on
// OneRoster 1.1 and on 1.2. Blocks that stand up their own fake API run as written, with their
// `version: '…'` set to the version under test. Blocks written for a real district (an https URL
// and its credentials) get a client whose base URL and credentials point at a loopback server of
// that version: everything else the block does with the client runs as written.
// A new free name in a block (a credential, the host's store, a mailer) goes into `context` below.

const VERSIONS = ['1.1', '1.2'] as const
type Version = (typeof VERSIONS)[number]

const usesOneRosterClient = (code: string) => /createOneRosterClient\(|\bwhere\(|\bclient\./.test(code)
const standsUpItsOwnApi = (code: string) => /startMockOneRosterServer|createOneRosterHandlers/.test(code)
// The Postgres guide's blocks open a database; examples/postgres-nightly.ts and test/postgres run that path.
const snippets = readDocSnippets().filter(
  (s) => usesOneRosterClient(s.code) && !/createCleverClient\(\{/.test(s.code) && s.file !== 'docs/postgres.md',
)

const roster = testing.generateDistrict({ seed: 3, students: 60 })
const servers = new Map<Version, testing.MockOneRosterServer>()

beforeAll(async () => {
  for (const version of VERSIONS) {
    servers.set(
      version,
      await testing.startMockOneRosterServer({
        version,
        roster,
        auth: { type: 'oauth2', clientId: 'docs-client', clientSecret: 'docs-secret' },
      }),
    )
  }
})
afterAll(async () => {
  for (const server of servers.values()) await server.close()
})

function clientOptionsFor(server: testing.MockOneRosterServer, version: Version) {
  return {
    baseUrl: server.baseUrl,
    version,
    auth: { type: 'oauth2', clientId: 'docs-client', clientSecret: 'docs-secret', tokenUrl: server.tokenUrl },
    allowInsecureLoopback: true,
  } as const
}

async function runOn(version: Version, code: string, file: string, line: number) {
  const server = servers.get(version) as testing.MockOneRosterServer
  const selfContained = standsUpItsOwnApi(code)
  const modules = {
    rosterkit,
    'rosterkit/clever': clever,
    'rosterkit/csv': csv,
    'rosterkit/testing': testing,
    msw,
    'msw/node': mswNode,
    'rosterkit/oneroster': selfContained
      ? oneroster
      : {
          ...oneroster,
          createOneRosterClient: (options: oneroster.OneRosterClientOptions) =>
            oneroster.createOneRosterClient({ ...options, ...clientOptionsFor(server, version) }),
        },
  }
  const context = {
    client: oneroster.createOneRosterClient(clientOptionsFor(server, version)),
    key: 'docs-client',
    secret: 'docs-secret',
    settings: {
      baseUrl: server.baseUrl,
      clientId: 'docs-client',
      clientSecret: 'docs-secret',
      tokenUrl: server.tokenUrl,
    },
    store: new testing.MemoryRosterStore(),
    districtParameters: undefined,
    savedState: undefined,
    since: new Date('2020-01-01T00:00:00Z'),
    save: () => {},
    mail: () => {},
    console: { log: () => {} },
  }
  const before = { ...server.stats.statuses, data: server.stats.dataRequests }
  const code2 = code.replace(/version: '1\.[12]'/g, `version: '${version}'`)
  await runSnippet({ file, line, code: code2 }, modules, context)
  if (!selfContained) {
    expect(server.stats.dataRequests, 'the block read from the server').toBeGreaterThan(before.data)
    const refused = Object.entries(server.stats.statuses).filter(
      ([status, n]) => Number(status) >= 400 && n > ((before as Record<string, number>)[status] ?? 0),
    )
    expect(refused, 'no request was refused').toEqual([])
  }
}

describe('README and guide code blocks that use the OneRoster client', () => {
  it('include the README filter example', () => {
    expect(snippets.some((s) => s.file === 'README.md' && s.code.includes("where('role').eq('student')"))).toBe(true)
  })

  for (const snippet of snippets) {
    for (const version of VERSIONS) {
      it(`${snippet.file}:${snippet.line} runs against OneRoster ${version}`, async () => {
        await runOn(version, snippet.code, snippet.file, snippet.line)
      })
    }
  }
})
