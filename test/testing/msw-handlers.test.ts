import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isRosterkitError, ROSTER_COLLECTIONS, type Roster } from '../../src/index.js'
import { createCleverClient } from '../../src/providers/clever/index.js'
import { createOneRosterClient, type OneRosterAuth } from '../../src/providers/oneroster/index.js'
import {
  createCleverHandlers,
  createOneRosterHandlers,
  generateDistrict,
  type MockOneRosterAuth,
  startMockCleverServer,
  startMockOneRosterServer,
} from '../../src/testing/index.js'

const roster = generateDistrict({
  seed: 21,
  students: 120,
  schools: { elementary: 1, middle: 1, high: 1 },
  classSize: 20,
})
const CLEVER_TOKEN = 'clever-district-token'
const noSleep = async () => {}

/** A OneRoster setup served both by a loopback server and by msw handlers at `host`. */
interface OneRosterCase {
  name: string
  version: '1.1' | '1.2'
  server: MockOneRosterAuth
  client: (tokenUrl: string) => OneRosterAuth
  /** The same credentials with the secret or token wrong. */
  wrong: (tokenUrl: string) => OneRosterAuth
  host: string
}

const oneRosterCases: OneRosterCase[] = [
  {
    name: '1.1 with a bearer token',
    version: '1.1',
    server: { type: 'bearer', token: 'static-token' },
    client: () => ({ type: 'bearer', token: 'static-token' }),
    wrong: () => ({ type: 'bearer', token: 'not-the-token' }),
    host: 'https://sis-bearer.example',
  },
  {
    name: '1.2 with OAuth 2 client credentials',
    version: '1.2',
    server: { type: 'oauth2', clientId: 'id', clientSecret: 'secret' },
    client: (tokenUrl) => ({ type: 'oauth2', clientId: 'id', clientSecret: 'secret', tokenUrl }),
    wrong: (tokenUrl) => ({ type: 'oauth2', clientId: 'id', clientSecret: 'wrong', tokenUrl }),
    host: 'https://sis-oauth2.example/aeries',
  },
  {
    name: '1.1 with OAuth 1.0a signatures',
    version: '1.1',
    server: { type: 'oauth1', clientId: 'id', clientSecret: 'secret' },
    client: () => ({ type: 'oauth1', clientId: 'id', clientSecret: 'secret' }),
    wrong: () => ({ type: 'oauth1', clientId: 'id', clientSecret: 'wrong' }),
    host: 'https://sis-oauth1.example',
  },
]

/** What the loopback servers gave, read before msw starts intercepting. */
interface Observed {
  roster: Roster
  error: unknown
  origin: string
}

const viaLoopback = new Map<string, Observed>()

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (err) {
    return err
  }
  throw new Error('expected the pull to fail')
}

/** The error as a host application sees it, with the serving origin taken out of the message. */
function describeError(err: unknown, origin: string): Record<string, unknown> {
  expect(isRosterkitError(err), String(err)).toBe(true)
  const e = err as Error & { code: string; status?: number }
  return { name: e.name, code: e.code, status: e.status, message: e.message.replaceAll(origin, '<origin>') }
}

/** Records without provenance, sorted, so pulls from two origins compare. */
function comparable(records: readonly object[]): Record<string, unknown>[] {
  return records
    .map((r) => {
      const { provenance: _p, ...rest } = r as Record<string, unknown>
      return rest
    })
    .sort((a, b) => (String(a.sourcedId) < String(b.sourcedId) ? -1 : 1))
}

const msw = setupServer(
  ...oneRosterCases.flatMap((c) =>
    createOneRosterHandlers({ http, HttpResponse }, { baseUrl: c.host, version: c.version, roster, auth: c.server }),
  ),
  ...createCleverHandlers(
    { http, HttpResponse },
    { baseUrl: 'https://clever.district.example', roster, token: CLEVER_TOKEN },
  ),
)

beforeAll(async () => {
  for (const c of oneRosterCases) {
    const pathPrefix = new URL(c.host).pathname.replace(/\/$/, '')
    const server = await startMockOneRosterServer({ version: c.version, auth: c.server, roster, pathPrefix })
    try {
      const client = (auth: OneRosterAuth) =>
        createOneRosterClient({
          baseUrl: server.url,
          version: c.version,
          auth,
          allowInsecureLoopback: true,
          pageSize: 50,
          sleep: noSleep,
        })
      const pulled = await client(c.client(server.tokenUrl)).pull()
      const error = await failureOf(() => client(c.wrong(server.tokenUrl)).pull())
      viaLoopback.set(c.name, { roster: pulled, error, origin: new URL(server.url).origin })
    } finally {
      await server.close()
    }
  }
  const clever = await startMockCleverServer({ roster, token: CLEVER_TOKEN })
  try {
    const client = (token: string) =>
      createCleverClient(
        { token },
        { baseUrl: clever.baseUrl(), allowInsecureLoopback: true, pageSize: 40, sleep: noSleep },
      )
    const pulled = await client(CLEVER_TOKEN).pull()
    const error = await failureOf(() => client('not-the-token').pull())
    viaLoopback.set('clever', { roster: pulled, error, origin: clever.origin })
  } finally {
    await clever.close()
  }
  msw.listen({ onUnhandledRequest: 'error' })
})

afterAll(() => {
  msw.close()
})

describe.each(oneRosterCases)('OneRoster msw handlers, $name', (c) => {
  const client = (auth: OneRosterAuth) =>
    createOneRosterClient({ baseUrl: c.host, version: c.version, auth, pageSize: 50, sleep: noSleep })
  const tokenUrl = `${c.host}/oauth/token`

  it('serve a generated district completely, as the loopback server does', async () => {
    const expected = viaLoopback.get(c.name) as Observed
    const pulled = await client(c.client(tokenUrl)).pull()
    expect(pulled.complete).toBe(true)
    for (const name of ROSTER_COLLECTIONS) {
      expect(pulled[name].length, name).toBe(roster[name].length)
      expect(comparable(pulled[name]), name).toEqual(comparable(expected.roster[name]))
    }
    expect(pulled.users.length).toBeGreaterThan(100)
    expect(pulled.source).toMatchObject({ kind: 'oneroster-rest', version: c.version })
  })

  it('refuse wrong credentials with the error the loopback server gives', async () => {
    const expected = viaLoopback.get(c.name) as Observed
    const error = await failureOf(() => client(c.wrong(tokenUrl)).pull())
    expect(describeError(error, new URL(c.host).origin)).toEqual(describeError(expected.error, expected.origin))
  })
})

describe('Clever msw handlers', () => {
  const client = (token: string) =>
    createCleverClient({ token }, { baseUrl: 'https://clever.district.example/v3.0', pageSize: 40, sleep: noSleep })

  it('serve a generated district completely, as the loopback server does', async () => {
    const expected = viaLoopback.get('clever') as Observed
    const pulled = await client(CLEVER_TOKEN).pull()
    expect(pulled.complete).toBe(true)
    for (const name of ROSTER_COLLECTIONS) {
      expect(pulled[name].length, name).toBe(expected.roster[name].length)
      expect(comparable(pulled[name]), name).toEqual(comparable(expected.roster[name]))
    }
    expect(pulled.users.length).toBeGreaterThan(100)
    expect(pulled.classes.map((k) => k.sourcedId).sort()).toEqual(roster.classes.map((k) => k.sourcedId).sort())
  })

  it('refuse a wrong district token with the error the loopback server gives', async () => {
    const expected = viaLoopback.get('clever') as Observed
    const error = await failureOf(() => client('not-the-token').pull())
    expect(describeError(error, 'https://clever.district.example')).toEqual(
      describeError(expected.error, expected.origin),
    )
  })
})

describe('rosterkit/testing without msw installed', () => {
  it('never imports msw, not even its types, so loading and type-checking it need no msw', () => {
    const root = fileURLToPath(new URL('../../src/testing/', import.meta.url))
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    expect(files).toContain('msw/msw-exchange.ts')
    const naming = files.filter((f) =>
      // Statements only: TSDoc examples may show how a test imports msw.
      /^(?:import|export)\b[^'"]*?\sfrom\s+'msw(?:\/[^']*)?'|\b(?:import|require)\(\s*'msw/m.test(
        readFileSync(join(root, f), 'utf8'),
      ),
    )
    expect(naming).toEqual([])
  })
})
