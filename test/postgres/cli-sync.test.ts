import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import {
  evolveDistrict,
  generateDistrict,
  type MockOneRosterServer,
  startMockOneRosterServer,
} from '../../src/testing/index.js'
import { DRIVERS, dropSchema, OPEN_TIMEOUT, SERVER_URL, uniqueSchema } from './databases.js'

const SECRET = 'district-secret-5c4b3a'

async function run(argv: string[]) {
  const io = createBufferIo({ env: { SPRINGFIELD_CLIENT_ID: 'sf-client', SPRINGFIELD_CLIENT_SECRET: SECRET } })
  const code = await main(argv, io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe.each(DRIVERS)('rosterkit sync and rosterkit runs on $name', (driver) => {
  describe.skipIf(driver.skip)('', () => {
    let dir = ''
    let server: MockOneRosterServer
    let config = ''
    let db: string[] = []
    const schema = uniqueSchema('cli')
    const roster = generateDistrict({ seed: 8, students: 60, schools: 2 })

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rosterkit-cli-sync-'))
      server = await startMockOneRosterServer({
        version: '1.2',
        roster,
        auth: { type: 'oauth2', clientId: 'sf-client', clientSecret: SECRET },
      })
      config = join(dir, 'district.json')
      await writeFile(
        config,
        JSON.stringify({
          district: 'springfield',
          source: {
            kind: 'oneroster-1.2',
            url: server.baseUrl,
            tokenUrl: server.tokenUrl,
            allowInsecureLoopback: true,
          },
          credentials: { clientId: 'SPRINGFIELD_CLIENT_ID', clientSecret: 'SPRINGFIELD_CLIENT_SECRET' },
          policy: { schools: { unmatched: 'create' }, roles: { student: { existing: 'autoUpdate', archive: true } } },
        }),
      )
      db =
        driver.skip || driver.name.startsWith('PGlite')
          ? ['--db', join(dir, 'db')]
          : ['--db', SERVER_URL, '--schema', schema]
    }, OPEN_TIMEOUT)

    afterAll(async () => {
      await server.close()
      await rm(dir, { recursive: true, force: true })
      if (db[1] === SERVER_URL) await dropSchema(schema)
    })

    it('previews, approves the kept preview in a later process, runs nightly, and lists the runs', async () => {
      const preview = await run(['sync', '--config', config, ...db, 'preview'])
      expect(preview.err).toContain('Kept as preview #1')
      expect(preview.code).toBe(0)
      const approve = await run(['sync', '--config', config, ...db, 'approve'])
      expect(approve.code).toBe(0)
      expect(approve.out).toContain('applied')
      // Nothing waits any more.
      expect((await run(['sync', '--config', config, ...db, 'approve'])).code).toBe(2)

      // The server serves the roster object live.
      Object.assign(roster, evolveDistrict(roster, { newStudents: 3, withdrawals: 1 }).roster)
      const nightly = await run(['sync', '--config', config, ...db, '--json'])
      expect(nightly.code).toBe(0)
      const report = JSON.parse(nightly.out) as { outcome: string; mode: { kind: string } }
      expect(report.outcome).toBe('applied')

      const runs = await run(['runs', '--config', config, ...db])
      expect(runs.code).toBe(0)
      const lines = runs.out.trim().split('\n')
      expect(lines).toHaveLength(4)
      expect(lines[1]).toMatch(/^\s+3\s.*\brun\s+applied\b/)
      expect(lines[2]).toMatch(/^\s+2\s.*\bapprove\s+applied\b/)
      expect(lines[3]).toMatch(/^\s+1\s.*\bpreview\s+previewed\b/)
      for (const out of [preview, approve, nightly, runs]) expect(`${out.out}${out.err}`).not.toContain(SECRET)
    }, 240_000)

    it('names a missing credential variable without printing any value', async () => {
      const io = createBufferIo({ env: { SPRINGFIELD_CLIENT_ID: 'sf-client' } })
      const code = await main(['sync', '--config', config, ...db, 'preview'], io)
      expect(code).toBe(2)
      expect(io.stderr()).toContain('environment variable SPRINGFIELD_CLIENT_SECRET is not set')
    })
  })
})
