import { parseArgs } from 'node:util'
import type { Roster } from '../../model/index.js'
import { startMockCleverServer } from '../../testing/clever-server/index.js'
import { generateDistrict } from '../../testing/generate-district.js'
import { startMockOneRosterServer } from '../../testing/oneroster-server/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'

/**
 * `rosterkit serve-mock`: a generated district behind a loopback OneRoster or Clever server that
 * keeps running, with the URL, the credentials and the commands to try against it.
 *
 * @module
 */

/** The servers `serve-mock` can start. */
export const SERVE_MOCK_SOURCES = ['oneroster-1.1', 'oneroster-1.2', 'clever'] as const

/** Usage text of the command. */
export const SERVE_MOCK_USAGE = `usage: rosterkit serve-mock [--source oneroster-1.1|oneroster-1.2|clever] [--students N] [--seed N] [--port N]

Generates a district (seeded, deterministic) and serves it from a OneRoster or Clever API on
127.0.0.1, then prints the URL, the test credentials and the commands to try every other command on
it. Runs until Ctrl-C. The credentials are the server's own, for this loopback server only.

  --source KIND   oneroster-1.1 (OAuth 1.0a), oneroster-1.2 (OAuth 2) or clever (default oneroster-1.2)
  --students N    students in the district (default 500)
  --seed N        seed of the district (default 1)
  --port N        port on 127.0.0.1 (default: a free port)`

/** The loopback server's test credentials, printed for people; never a real district's. */
const CLIENT_ID = 'serve-mock-client'
const CLIENT_SECRET = 'serve-mock-secret'
const CLEVER_TOKEN = 'serve-mock-district-token'

function int(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${name} must be an integer from 0 to ${max}`)
  return n
}

function describeDistrict(roster: Roster): string {
  const district = roster.orgs.find((o) => o.type === 'district')?.name ?? 'a generated district'
  const schools = roster.orgs.filter((o) => o.type === 'school').length
  const students = roster.users.filter((u) => u.roles.some((r) => r.role === 'student')).length
  return `${district}: ${schools} schools, ${students} students, ${roster.classes.length} classes, ${roster.enrollments.length} enrollments`
}

/** Resolves on Ctrl-C or a termination request. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/**
 * Runs `rosterkit serve-mock`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code, once the server was stopped
 */
export async function runServeMock(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      source: { type: 'string' },
      students: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const source = (values.source ?? 'oneroster-1.2') as (typeof SERVE_MOCK_SOURCES)[number]
  if (!SERVE_MOCK_SOURCES.includes(source)) {
    throw new UsageError(`--source must be one of ${SERVE_MOCK_SOURCES.join(', ')}`)
  }
  const students = int('students', values.students, 500, 2_000_000)
  const seed = int('seed', values.seed, 1, 2 ** 31)
  const port = int('port', values.port, 0, 65_535)
  const roster = generateDistrict({ students, seed })

  let close: () => Promise<void>
  const settings: Array<[string, string]> = []
  let env: Array<[string, string]>
  if (source === 'clever') {
    const server = await startMockCleverServer({ roster, token: CLEVER_TOKEN }, { port })
    close = () => server.close()
    settings.push(
      ['API origin', server.origin],
      ['district token', server.token],
      ['app client id', server.clientId],
      ['app client secret', server.clientSecret],
      ['district id', server.districtId],
    )
    env = [
      ['ROSTERKIT_URL', server.origin],
      ['ROSTERKIT_TOKEN', server.token],
    ]
  } else {
    const version = source === 'oneroster-1.1' ? '1.1' : '1.2'
    const auth = version === '1.1' ? 'oauth1' : 'oauth2'
    const server = await startMockOneRosterServer(
      {
        version,
        roster,
        auth: { type: auth, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        immutableRecords: true,
      },
      { port },
    )
    close = () => server.close()
    settings.push(['base URL', server.baseUrl])
    if (version === '1.2') settings.push(['token URL', server.tokenUrl])
    settings.push(
      ['auth', version === '1.1' ? 'OAuth 1.0a (HMAC-SHA256)' : 'OAuth 2 client credentials'],
      ['client id', CLIENT_ID],
      ['client secret', CLIENT_SECRET],
    )
    env = [
      ['ROSTERKIT_URL', server.baseUrl],
      ...(version === '1.2' ? ([['ROSTERKIT_TOKEN_URL', server.tokenUrl]] as Array<[string, string]>) : []),
      ['ROSTERKIT_CLIENT_ID', CLIENT_ID],
      ['ROSTERKIT_CLIENT_SECRET', CLIENT_SECRET],
    ]
  }

  const from = `--source ${source} --allow-insecure-loopback`
  const width = Math.max(...settings.map(([k]) => k.length))
  io.out(
    [
      `Serving ${describeDistrict(roster)} (seed ${seed})`,
      `as ${source === 'clever' ? 'a Clever v3 API' : `a OneRoster ${source.slice(-3)} API`} on 127.0.0.1.`,
      '',
      ...settings.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      '',
      'Try it from another terminal:',
      '',
      `  export ${env.map(([k, v]) => `${k}=${v}`).join(' ')}`,
      `  rosterkit test-connection ${from}`,
      `  rosterkit pull ${from} --out district.zip`,
      '  rosterkit validate district.zip',
      `  rosterkit plan --base district.zip ${from}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
  await untilInterrupted()
  await close()
  io.err('Stopped.\n')
  return EXIT.ok
}
