import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Org, Roster } from '../../src/index.js'
import { writeOneRosterCsvToPath } from '../../src/node/index.js'
import { evolveDistrict, generateDistrict } from '../../src/testing/index.js'
import { buildCli, type CliRun, runCli, startCli } from '../helpers/cli-process.js'

let program: string
let dir: string
const roster = generateDistrict({ students: 60, seed: 21 })

beforeAll(async () => {
  program = await buildCli()
  dir = await mkdtemp(join(tmpdir(), 'rosterkit-cli-process-'))
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await rm(dirname(program), { recursive: true, force: true })
})

const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(program, args, { env, cwd: dir })
const lines = (text: string): string[] => text.trimEnd().split('\n')

describe('rosterkit as a process: version and usage errors', () => {
  it('prints its version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    const result = await run(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`rosterkit ${pkg.version}\n`)
  })

  it('says a usage error in two lines, pointing to the command’s own help', async () => {
    const missing = await run(['plan', '--bundle', 'x.zip'])
    expect(missing.code).toBe(2)
    expect(lines(missing.stderr)).toEqual([
      'rosterkit plan: --base is required',
      'Run "rosterkit plan --help" for its options.',
    ])
    const unknown = await run(['pull', '--nope'])
    expect(unknown.code).toBe(2)
    expect(lines(unknown.stderr)).toEqual([
      "rosterkit pull: Unknown option '--nope'",
      'Run "rosterkit pull --help" for its options.',
    ])
    const command = await run(['sink'])
    expect(command.code).toBe(2)
    expect(lines(command.stderr)).toHaveLength(2)
    expect(command.stderr).toContain('rosterkit --help')
  })

  it('says a file is missing without a raw ENOENT, and exits 4', async () => {
    for (const args of [
      ['validate', '--bundle', join(dir, 'no-such-export.zip')],
      ['validate', join(dir, 'no-such-folder')],
      ['plan', '--base', join(dir, 'gone.zip'), '--bundle', join(dir, 'gone-too.zip')],
    ]) {
      const result = await run(args)
      expect(result.code, args.join(' ')).toBe(4)
      expect(result.stderr).toMatch(/cannot read .*: no such file or folder/)
      expect(result.stderr).not.toMatch(/ENOENT|stat '/)
      expect(lines(result.stderr)).toHaveLength(1)
    }
  })

  it('speaks in command-line terms when the URL is plain http', async () => {
    const result = await run([
      'test-connection',
      '--source',
      'oneroster-1.2',
      '--url',
      'http://127.0.0.1:9/x',
      '--token',
      't',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--allow-insecure-loopback')
    expect(result.stderr).not.toMatch(/allowInsecureLoopback|baseUrl/)
  })
})

/** A bundle with 8 dangling references (errors) and 20 non-CEDS grades (warnings). */
async function brokenBundle(): Promise<string> {
  const enrollment = roster.enrollments[0] as Roster['enrollments'][number]
  const dangling = Array.from({ length: 8 }, (_, i) => ({
    ...enrollment,
    sourcedId: `enr-dangling-${i}`,
    classSourcedId: `class-gone-${i}`,
  }))
  const students = roster.users.filter((u) => u.roles.some((r) => r.role === 'student')).slice(0, 20)
  const graded = new Set(students.map((u) => u.sourcedId))
  const path = join(dir, 'broken.zip')
  await writeOneRosterCsvToPath(
    {
      ...roster,
      users: roster.users.map((u) => (graded.has(u.sourcedId) ? { ...u, grades: ['Grade 4'] } : u)),
      enrollments: [...dangling, ...roster.enrollments],
    },
    path,
  )
  return path
}

describe('rosterkit validate and test-connection on a bundle with errors', () => {
  it('validate shows the errors first, grouped by code, and each dangling reference once', async () => {
    const result = await run(['validate', await brokenBundle()])
    expect(result.code).toBe(1)
    const out = result.stdout
    expect(out).toMatch(/^8 errors, \d+ warnings$/m)
    const error = out.indexOf('ERROR   dangling_reference ×8')
    const warning = out.indexOf('WARNING grade_not_ceds ×20')
    expect(error).toBeGreaterThan(-1)
    expect(warning).toBeGreaterThan(error)
    // The first examples of each code, then how many more.
    expect(out.slice(error, warning)).toContain('… and 5 more')
    // The CSV reader's warning about the same references is not listed beside the validator's error.
    expect(out).not.toContain('reference_missing')
    expect(out.match(/enr-dangling-0/g)).toHaveLength(1)
    expect(out).toContain('BLOCKED')
  })

  it('test-connection --bundle does not call a bundle with blocking errors OK, and names the command to run', async () => {
    const path = await brokenBundle()
    const result = await run(['test-connection', '--bundle', path])
    expect(result.code).toBe(1)
    expect(result.stdout).not.toContain('OK:')
    expect(result.stdout).toMatch(/NOT READY/)
    expect(result.stdout).toContain('dangling_reference ×8')
    expect(result.stdout).toContain(`rosterkit validate ${path}`)
    expect(result.stdout).not.toMatch(/validateOneRosterCsv|validateRoster/)

    const clean = join(dir, 'clean.zip')
    await writeOneRosterCsvToPath(roster, clean)
    const ok = await run(['test-connection', '--bundle', clean])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^Bundle OK/)
  })
})

describe('rosterkit plan', () => {
  it('says a delta bundle holds changes only, in the text and in the JSON', async () => {
    const evolved = evolveDistrict(roster, { newStudents: 2, withdrawals: 1, deletions: 'tobedeleted' })
    const base = join(dir, 'base.zip')
    const delta = join(dir, 'delta.zip')
    await writeOneRosterCsvToPath(roster, base)
    await writeOneRosterCsvToPath(evolved.delta, delta)
    const text = await run(['plan', '--base', base, '--bundle', delta])
    expect(text.code).toBe(0)
    expect(lines(text.stdout)[0]).toMatch(/^delta\.zip holds changes only \(a delta export\)/)
    const json = await run(['plan', '--base', base, '--bundle', delta, '--json'])
    const doc = JSON.parse(json.stdout) as { incoming: string; plan: { incoming: string } }
    expect(doc.incoming).toBe('delta')
    expect(doc.plan.incoming).toBe('delta')
  })

  it('exits 1 when classes wait for a school to be assigned', async () => {
    const base = join(dir, 'one-school.zip')
    await writeOneRosterCsvToPath(roster, base)
    // The district opens a school the host has never seen: its classes wait for a person.
    const school = roster.orgs.find((o) => o.type === 'school') as Org
    const opened: Org = { ...school, sourcedId: 'org-new-school', name: 'Riverside Academy', identifier: 'RA-1' }
    const moved = new Set(
      roster.classes
        .filter((c) => c.schoolSourcedId === school.sourcedId)
        .slice(0, 3)
        .map((c) => c.sourcedId),
    )
    const after = join(dir, 'new-school.zip')
    await writeOneRosterCsvToPath(
      {
        ...roster,
        orgs: [...roster.orgs, opened],
        classes: roster.classes.map((c) => (moved.has(c.sourcedId) ? { ...c, schoolSourcedId: opened.sourcedId } : c)),
      },
      after,
    )
    const result = await run(['plan', '--base', base, '--bundle', after])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Riverside Academy')
  })
})

describe('rosterkit serve-mock', () => {
  /** Starts serve-mock, waits for its instructions, runs the commands it prints, then stops it with Ctrl-C. */
  async function tryServeMock(source: string, commands: number) {
    const child = startCli(program, ['serve-mock', '--source', source, '--students', '40', '--seed', '3'], { cwd: dir })
    let stdout = ''
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        if (stdout.includes('Press Ctrl-C to stop.')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`serve-mock exited early with ${code}: ${stdout}`)))
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await ready
      const exportLine = lines(stdout).find((l) => l.trim().startsWith('export ')) as string
      const env = Object.fromEntries(
        exportLine
          .trim()
          .slice('export '.length)
          .split(' ')
          .map((pair) => pair.split('=') as [string, string]),
      )
      const printed = lines(stdout)
        .map((l) => l.trim())
        .filter((l) => l.startsWith('rosterkit '))
      expect(printed.length).toBeGreaterThanOrEqual(commands)
      const results: CliRun[] = []
      // Each command exactly as printed, in order (pull writes the file validate reads).
      for (const command of printed.slice(0, commands)) {
        const result = await run(command.split(' ').slice(1), env)
        expect(result.code, `${command}\n${result.stdout}${result.stderr}`).toBe(0)
        results.push(result)
      }
      return { stdout, results }
    } finally {
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    }
  }

  it('serves OneRoster 1.2 and every printed command works against it, until Ctrl-C', async () => {
    const { stdout, results } = await tryServeMock('oneroster-1.2', 4)
    expect(stdout).toMatch(/base URL +http:\/\/127\.0\.0\.1:\d+\/ims\/oneroster\/rostering\/v1p2/)
    expect(stdout).toMatch(/client secret +serve-mock-secret/)
    expect(results[0]?.stdout).toMatch(/^Connection OK/)
    expect(results[2]?.stdout).toContain('OK: nothing blocks a sync.')
  })

  it('serves OneRoster 1.1 and Clever the same way', async () => {
    expect((await tryServeMock('oneroster-1.1', 2)).results[0]?.stdout).toMatch(/^Connection OK/)
    expect((await tryServeMock('clever', 2)).results[0]?.stdout).toMatch(/^Connection OK/)
  })

  it('refuses a bad option in two lines', async () => {
    const result = await run(['serve-mock', '--source', 'skyward'])
    expect(result.code).toBe(2)
    expect(lines(result.stderr)).toHaveLength(2)
  })
})
