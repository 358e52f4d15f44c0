import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'tsup'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ExistingRecords, type HostRecord, MERGE_ENTITIES } from '../../src/merge/index.js'
import {
  createPostgresRosterStore,
  createPostgresSyncStore,
  isDistrictBusyError,
  openRosterDatabase,
} from '../../src/postgres/index.js'
import { enrollment, user } from '../merge/builders.js'
import { DRIVERS, dropSchema, OPEN_TIMEOUT, SERVER_URL, uniqueSchema, useDatabase } from '../postgres/databases.js'

const ctx = { namespace: 'sis', appliedAt: '2025-01-02T03:04:05.000Z' }

function comparable(existing: ExistingRecords): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const entity of MERGE_ENTITIES) {
    out[entity] = ((existing[entity] ?? []) as readonly HostRecord[])
      .map((h) => ({ record: h.record, origin: h.origin, archived: h.archived ?? false }))
      .sort((a, b) => a.record.sourcedId.localeCompare(b.record.sourcedId))
  }
  return out
}

function countRows(existing: ExistingRecords): number {
  return MERGE_ENTITIES.reduce((n, entity) => n + (existing[entity]?.length ?? 0), 0)
}

describe.each(DRIVERS)('Postgres store safety on $name', (driver) => {
  describe.skipIf(driver.skip)('', () => {
    const database = useDatabase(driver, 'safety')

    it("keeps districts apart: district A's store never reads or writes district B's rows", async () => {
      const a = createPostgresRosterStore({ database: database(), district: 'district-a' })
      const b = createPostgresRosterStore({ database: database(), district: 'district-b' })
      // The same source keys in both districts are two different rows.
      await a.create('users', [{ key: 'u1', record: user('u1') }], ctx)
      await b.create('users', [{ key: 'u1', record: user('u1', 'teacher') }], ctx)
      const handMadeB = await b.add('users', user('local-b'))
      const hostA = (await a.load()).users?.[0]?.hostId ?? ''
      const hostB = (await b.load()).users?.find((h) => h.record.sourcedId === 'u1')?.hostId ?? ''
      expect((await a.load()).users?.map((h) => h.record.sourcedId)).toEqual(['u1'])
      // A cannot update or archive B's rows even with their host ids: they are not found in A.
      const update = await a.update(
        'users',
        [{ key: 'u1', hostId: hostB, record: user('u1', 'administrator'), changes: [], link: true, restore: true }],
        ctx,
      )
      expect(update.failed).toHaveLength(1)
      const archive = await a.archive('users', [{ key: 'local-b', hostId: handMadeB }], ctx)
      expect(archive.failed).toHaveLength(1)
      // A scoped load does not reach B either.
      const scoped = await a.load({ scope: { namespace: 'sis', keys: { users: ['u1', 'local-b'] } } })
      expect(scoped.users?.map((h) => h.hostId)).toEqual([hostA])
      const usersB = (await b.load()).users ?? []
      expect(usersB.map((h) => [h.record.sourcedId, h.record.roles[0]?.role, h.archived ?? false]).sort()).toEqual([
        ['local-b', 'student', false],
        ['u1', 'teacher', false],
      ])
    })

    it("passes every value as a parameter: a '; drop table sourcedId and district round-trip", async () => {
      const evil = "x'); drop table users; --"
      const district = "d'; drop schema public cascade; --"
      const store = createPostgresRosterStore({ database: database(), district })
      await store.create('users', [{ key: evil, record: user(evil, 'student', { email: `${evil}@x.test` }) }], ctx)
      await store.create('enrollments', [{ key: evil, record: enrollment(evil, evil, evil) }], ctx)
      const loaded = await store.load({ scope: { namespace: "sis' or '1'='1", keys: { users: [evil] } } })
      expect(loaded.users?.map((h) => h.record.sourcedId)).toEqual([evil])
      const again = await store.load()
      expect(again.users?.[0]?.record).toEqual(user(evil, 'student', { email: `${evil}@x.test` }))
      expect(again.enrollments?.[0]?.record.userSourcedId).toBe(evil)
      const sync = createPostgresSyncStore({ database: database(), district })
      await sync.saveState({ formatVersion: 1, cursor: evil })
      expect((await sync.loadState()).cursor).toBe(evil)
    })

    it('refuses a second run of the same district with a typed error while the first holds it', async () => {
      const first = await database().lockDistrict('busy')
      const other = await database().lockDistrict('not-busy')
      const refused = await database()
        .lockDistrict('busy')
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      expect(isDistrictBusyError(refused)).toBe(true)
      expect(refused).toMatchObject({ code: 'ROSTERKIT_DISTRICT_BUSY', district: 'busy' })
      await first()
      await other()
      const again = await database().lockDistrict('busy')
      await again()
    })
  })
})

describe.skipIf(DRIVERS[1]?.skip)(`district lock across processes on the Postgres server (${SERVER_URL})`, () => {
  it('refuses a run from another connection pool until the holder releases the district', async () => {
    const schema = uniqueSchema('lock')
    const one = await openRosterDatabase(SERVER_URL, { schema })
    const two = await openRosterDatabase(SERVER_URL, { schema })
    try {
      const release = await one.lockDistrict('springfield')
      await expect(two.lockDistrict('springfield')).rejects.toMatchObject({ code: 'ROSTERKIT_DISTRICT_BUSY' })
      await release()
      const again = await two.lockDistrict('springfield')
      await again()
    } finally {
      await one.close()
      await two.close()
      await dropSchema(schema)
    }
  })
})

/** Runs the child sync process; resolves with its output lines and how it ended. */
function runChild(
  script: string,
  args: string[],
  killAfterBatches?: number,
): Promise<{ lines: string[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines: string[] = []
    let stderr = ''
    let buffered = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      lines.push(...parts)
      if (killAfterBatches !== undefined && lines.filter((l) => l === 'batch').length >= killAfterBatches) {
        child.kill('SIGKILL')
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => resolvePromise({ lines, signal, code, stderr }))
  })
}

describe.each(DRIVERS)('a sync killed with SIGKILL mid-apply, on $name', (driver) => {
  describe.skipIf(driver.skip)('', () => {
    const outDir = resolve('.tmp', `postgres-child-${process.pid}-${driver.skip ? 's' : driver.name.length}`)
    let script = ''
    let dir = ''
    let target = ''
    const schema = uniqueSchema('kill')

    beforeAll(async () => {
      await build({
        entry: { child: 'test/safety/fixtures/postgres-sync-child.ts' },
        outDir,
        format: ['esm'],
        platform: 'node',
        target: 'node20',
        splitting: false,
        dts: false,
        silent: true,
        external: ['kysely', 'pg', '@electric-sql/pglite', 'kysely-pglite-dialect'],
      })
      script = join(outDir, 'child.js')
      if (driver.name.startsWith('PGlite')) {
        dir = mkdtempSync(join(tmpdir(), 'rosterkit-pglite-'))
        target = dir
      } else {
        target = SERVER_URL
      }
    }, OPEN_TIMEOUT)

    afterAll(async () => {
      rmSync(outDir, { recursive: true, force: true })
      if (dir) rmSync(dir, { recursive: true, force: true })
      else await dropSchema(schema)
    })

    it('resumes from its checkpoint and ends exactly where an uninterrupted run ends', async () => {
      const child = (district: string, mode: string, kill?: number) =>
        runChild(script, [target, schema, district, mode, '5'], kill)

      expect((await child('killed', 'preview')).lines).toContain('done')
      const killed = await child('killed', 'approve', 3)
      expect(killed.signal).toBe('SIGKILL')
      expect(killed.lines).not.toContain('done')

      let database = await openRosterDatabase(target, { schema })
      const state = await createPostgresSyncStore({ database, district: 'killed' }).loadState()
      const written = countRows(await createPostgresRosterStore({ database, district: 'killed' }).load())
      await database.close()
      expect(state.checkpoint?.phase).toBe('apply')
      expect(state.checkpoint?.apply?.done.length).toBeGreaterThanOrEqual(3)
      expect(written).toBeGreaterThan(0)

      const resumed = await child('killed', 'approve')
      expect(resumed.stderr).toBe('')
      expect(resumed.lines).toContain('outcome applied')

      expect((await child('clean', 'preview')).lines).toContain('done')
      expect((await child('clean', 'approve')).lines).toContain('outcome applied')

      database = await openRosterDatabase(target, { schema })
      try {
        const afterKill = await createPostgresRosterStore({ database, district: 'killed' }).load()
        const clean = await createPostgresRosterStore({ database, district: 'clean' }).load()
        expect(comparable(afterKill)).toEqual(comparable(clean))
        expect(countRows(afterKill)).toBeGreaterThan(written)
        const runs = createPostgresSyncStore({ database, district: 'killed' })
        const [run] = await runs.listRuns()
        expect(run?.outcome).toBe('applied')
        const report = await runs.getRun(run?.id ?? -1)
        expect(report?.report.notes.some((n) => n.startsWith('Resumed an apply'))).toBe(true)
        expect((await runs.loadState()).checkpoint).toBeUndefined()
      } finally {
        await database.close()
      }
    }, 300_000)
  })
})
