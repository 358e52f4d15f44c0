import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import type { Roster } from '../../src/index.js'
import { writeOneRosterCsvToPath } from '../../src/node/index.js'
import {
  evolveDistrict,
  generateDistrict,
  type MockOneRosterServer,
  startMockOneRosterServer,
} from '../../src/testing/index.js'

const SECRET = 'cli-secret-9f8e7d'
let dir: string
let server: MockOneRosterServer
let roster: Roster

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rosterkit-cli-'))
  roster = generateDistrict({ students: 80, seed: 4 })
  server = await startMockOneRosterServer({
    version: '1.2',
    roster,
    auth: { type: 'oauth2', clientId: 'cli-client', clientSecret: SECRET },
  })
})

afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

function oneRosterArgs(): string[] {
  return [
    '--source',
    'oneroster-1.2',
    '--url',
    server.baseUrl,
    '--token-url',
    server.tokenUrl,
    '--allow-insecure-loopback',
  ]
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = createBufferIo({ env })
  const code = await main(argv, io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe('rosterkit', () => {
  it('lists its commands and exit codes, and exits 2 on no command or an unknown one', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    for (const name of ['demo', 'test-connection', 'pull', 'validate', 'plan']) expect(help.out).toContain(name)
    expect(help.out).toMatch(/3 +connection or authentication failure/)
    expect((await run([])).code).toBe(2)
    const unknown = await run(['sink'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('unknown command "sink"')
  })

  it('exits 2 with the usage when a source option is missing or unknown', async () => {
    const missing = await run(['test-connection'])
    expect(missing.code).toBe(2)
    expect(missing.err).toBe(
      'rosterkit test-connection: one of --source, --bundle or --sftp is required\nRun "rosterkit test-connection --help" for its options.\n',
    )
    expect((await run(['pull', '--nope'])).code).toBe(2)
  })
})

describe('rosterkit test-connection', () => {
  it('passes with good credentials from the environment', async () => {
    const result = await run(['test-connection', ...oneRosterArgs()], {
      ROSTERKIT_CLIENT_ID: 'cli-client',
      ROSTERKIT_CLIENT_SECRET: SECRET,
    })
    expect(result.code).toBe(0)
    expect(result.out).toContain('Connection OK')
    expect(result.out).not.toContain(SECRET)
  })

  it('fails helpfully on a bad secret, exits 3 and never prints the secret', async () => {
    const wrong = 'wrong-secret-123456'
    const result = await run([
      'test-connection',
      ...oneRosterArgs(),
      '--client-id',
      'cli-client',
      '--client-secret',
      wrong,
    ])
    expect(result.code).toBe(3)
    expect(result.out).toContain('Connection FAILED')
    expect(result.out).toMatch(/FAIL\]/)
    const json = await run(['test-connection', ...oneRosterArgs(), '--json'], {
      ROSTERKIT_CLIENT_ID: 'cli-client',
      ROSTERKIT_CLIENT_SECRET: wrong,
    })
    expect(JSON.parse(json.out).ok).toBe(false)
    for (const text of [result.out, result.err, json.out, json.err]) expect(text).not.toContain(wrong)
  })
})

describe('rosterkit pull', () => {
  const env = { ROSTERKIT_CLIENT_ID: 'cli-client', ROSTERKIT_CLIENT_SECRET: SECRET }

  it('writes canonical JSON and a CSV zip', async () => {
    const jsonFile = join(dir, 'roster.json')
    const json = await run(['pull', ...oneRosterArgs(), '--out', jsonFile], env)
    expect(json.code).toBe(0)
    const pulled = JSON.parse(await readFile(jsonFile, 'utf8')) as Roster
    expect(pulled.users).toHaveLength(roster.users.length)

    const zipFile = join(dir, 'roster.zip')
    const zip = await run(['pull', ...oneRosterArgs(), '--out', zipFile, '--json'], env)
    expect(zip.code).toBe(0)
    expect(JSON.parse(zip.out).counts.enrollments).toBe(roster.enrollments.length)
    const bytes = await readFile(zipFile)
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')
  })

  it('shows progress on stderr only when it is a terminal', async () => {
    const tty = createBufferIo({ env, errIsTTY: true })
    expect(await main(['pull', ...oneRosterArgs(), '--out', join(dir, 'tty.json')], tty)).toBe(0)
    expect(tty.stderr()).toMatch(/users: \d+ of \d+ records/)
    const pipe = await run(['pull', ...oneRosterArgs(), '--out', join(dir, 'pipe.json')], env)
    expect(pipe.err).toBe('')
  })

  it('exits 3 with the authentication error on bad credentials', async () => {
    const result = await run(['pull', ...oneRosterArgs(), '--out', join(dir, 'x.json')], {
      ROSTERKIT_CLIENT_ID: 'cli-client',
      ROSTERKIT_CLIENT_SECRET: 'not-the-secret-777',
    })
    expect(result.code).toBe(3)
    expect(result.err).toContain('ROSTERKIT_AUTHENTICATION')
    expect(result.err).not.toContain('not-the-secret-777')
  })
})

describe('rosterkit validate and plan', () => {
  it('validates a clean bundle (exit 0) and a broken one (exit 1, naming the issue)', async () => {
    const clean = join(dir, 'clean')
    await writeOneRosterCsvToPath(roster, clean)
    const ok = await run(['validate', '--bundle', clean])
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('OK: nothing blocks a sync.')

    const enrollment = roster.enrollments[0] as Roster['enrollments'][number]
    const broken = join(dir, 'broken.zip')
    await writeOneRosterCsvToPath(
      {
        ...roster,
        enrollments: [{ ...enrollment, sourcedId: 'enr-x', classSourcedId: 'missing-class' }, ...roster.enrollments],
      },
      broken,
    )
    const bad = await run(['validate', broken])
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('dangling_reference')
    expect(bad.out).toContain('enr-x')
  })

  it('tests the connection to a CSV bundle, and exits 4 on a file that is not a bundle', async () => {
    const ok = await run(['test-connection', '--bundle', join(dir, 'clean')])
    expect(ok.code).toBe(0)
    const junk = join(dir, 'junk.zip')
    await writeFile(junk, 'this is not a zip file')
    const bad = await run(['validate', junk])
    expect(bad.code).toBe(4)
    expect(bad.err).toMatch(/ROSTERKIT_(CSV_FORMAT|ZIP_UNSAFE|NOT_ONEROSTER)/)
  })

  it('refuses invalid district parameters with exit 2', async () => {
    const params = join(dir, 'params.json')
    await writeFile(params, JSON.stringify({ recordProcessing: 'sometimes' }))
    const result = await run(['validate', '--bundle', join(dir, 'clean'), '--parameters', params])
    expect(result.code).toBe(2)
    expect(result.err).toContain('recordProcessing')
  })

  it('plans what a sync would change between two bundles', async () => {
    const evolved = evolveDistrict(roster, { newStudents: 2, withdrawals: 1, deletions: 'absent' })
    const before = join(dir, 'before.zip')
    const after = join(dir, 'after.zip')
    await writeOneRosterCsvToPath(roster, before)
    await writeOneRosterCsvToPath(evolved.roster, after)
    const policy = join(dir, 'policy.json')
    await writeFile(policy, JSON.stringify({ roles: { student: { archive: true } } }))

    const result = await run(['plan', '--base', before, '--bundle', after, '--policy', policy, '--json'])

    expect(result.code).toBe(0)
    const report = JSON.parse(result.out)
    expect(report.outcome).toBe('previewed')
    expect(report.plan.byRole.student.create).toBe(2)
    expect(report.plan.byRole.student.archive).toBe(1)
  })
})

describe('rosterkit demo', () => {
  it('runs the test sync, the approval and the incremental sync against the loopback OneRoster 1.1 server', async () => {
    const result = await run(['demo', '--source', 'oneroster-1.1', '--students', '120', '--json'])
    expect(result.code).toBe(0)
    const doc = JSON.parse(result.out)
    expect(doc.diagnosis.ok).toBe(true)
    expect(doc.testSync.outcome).toBe('previewed')
    expect(doc.approve.outcome).toBe('applied')
    expect(doc.nightly.outcome).toBe('applied')
    expect(doc.nightly.mode.kind).toBe('incremental')
    expect(doc.nightly.plan.byRole.student.create).toBe(doc.changes.newStudents.length)
    expect(doc.state.cursor).toBeDefined()
  })

  it('prints the reports as text from a CSV bundle, with a full sync each time', async () => {
    const html = join(dir, 'nightly.html')
    const result = await run(['demo', '--source', 'csv', '--students', '100', '--html', html])
    expect(result.code).toBe(0)
    expect(result.out).toContain('1. Test connection')
    expect(result.out).toContain('outcome: previewed')
    expect(result.out).toMatch(/Mode: +full: the source only supports full pulls/)
    expect(await readFile(html, 'utf8')).toMatch(/^<!doctype html>/)
  })
})
