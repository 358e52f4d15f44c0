/**
 * rosterkit/postgres: applies a plan of N enrollment creates (default 1,000,000) through the Postgres
 * roster store, into the Postgres server and into an embedded PGlite folder, beside the floor: a plain
 * multi-row INSERT of the same rows in batches of the same size. Then loads the whole host back and
 * prints the peak RSS. Server: ROSTERKIT_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
 * Size: ROSTERKIT_BENCH_ENROLLMENTS. Only one driver: ROSTERKIT_BENCH_DRIVERS=pg or pglite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyMergePlan, type CreateAction, type MergePlan, planMerge } from '../src/merge/index.js'
import { createRoster, type Enrollment } from '../src/model/index.js'
import {
  createPostgresRosterStore,
  openRosterDatabase,
  type RosterDatabase,
  recordColumns,
} from '../src/postgres/index.js'
import { fmt, measure, peakRssMiB, report } from './measure.js'

const N = Number(process.env.ROSTERKIT_BENCH_ENROLLMENTS ?? 1_000_000)
const BATCH = 1000
const SERVER = process.env.ROSTERKIT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const DRIVERS = (process.env.ROSTERKIT_BENCH_DRIVERS ?? 'pg,pglite').split(',')

function enrollmentRecord(i: number): Enrollment {
  return {
    sourcedId: `enr-${i}`,
    status: 'active',
    userSourcedId: `user-${i % 150_000}`,
    classSourcedId: `class-${i % 40_000}`,
    schoolSourcedId: `school-${i % 200}`,
    role: i % 25 === 0 ? 'teacher' : 'student',
  }
}

/** A real plan (from planMerge) whose enrollments are N creates. */
function bigPlan(): MergePlan {
  const plan = planMerge({
    existing: {},
    incoming: createRoster({ source: { kind: 'host' } }),
    policy: { namespace: 'sis' },
  })
  const creates: CreateAction<'enrollments'>[] = []
  for (let i = 0; i < N; i++) {
    const record = enrollmentRecord(i)
    creates.push({ entity: 'enrollments', kind: 'create', key: record.sourcedId, record })
  }
  plan.actions.enrollments = creates
  return plan
}

async function floor(database: RosterDatabase): Promise<number> {
  const { wallMs } = await measure(async () => {
    for (let start = 0; start < N; start += BATCH) {
      const rows = []
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const record = enrollmentRecord(i)
        rows.push({
          district: 'floor',
          source_namespace: 'sis',
          source_key: record.sourcedId,
          created_by_source: true,
          origin_created_at: '2025-01-01T00:00:00.000Z',
          record: JSON.stringify(record),
          ...recordColumns('enrollments', record),
        })
      }
      await database.db.insertInto('enrollments').values(rows).execute()
    }
  })
  return wallMs
}

async function benchDriver(name: string, target: string, schema: string): Promise<void> {
  const database = await openRosterDatabase(target, { schema })
  try {
    const floorMs = await floor(database)
    await database.db.deleteFrom('enrollments').where('district', '=', 'floor').execute()
    const plan = bigPlan()
    const store = createPostgresRosterStore({ database, district: 'bench' })
    const apply = await measure(() =>
      applyMergePlan(plan, store, { approved: true, batchSize: BATCH, concurrency: name === 'pglite' ? 1 : 4 }),
    )
    if (!apply.result.complete) throw new Error('the apply did not complete')
    const rssBeforeLoad = peakRssMiB()
    const load = await measure(() => store.load())
    const loaded = load.result.enrollments?.length ?? 0
    const floorRate = N / (floorMs / 1000)
    const applyRate = N / (apply.wallMs / 1000)
    report(`${name}: ${fmt(N)} enrollments`, [
      ['plain multi-row INSERT (floor)', `${fmt(floorRate)} records/s (${fmt(floorMs / 1000)} s)`],
      ['applyMergePlan through the store', `${fmt(applyRate)} records/s (${fmt(apply.wallMs / 1000)} s)`],
      ['ratio to the floor (goal >= 0.7)', fmt(applyRate / floorRate)],
      ['load of the whole host', `${fmt(loaded)} records in ${fmt(load.wallMs / 1000)} s`],
      ['peak RSS before / after the load', `${fmt(rssBeforeLoad)} / ${fmt(peakRssMiB())} MiB`],
    ])
  } finally {
    if (database.driver === 'pg') await database.db.schema.dropSchema(schema).ifExists().cascade().execute()
    await database.close()
  }
}

if (DRIVERS.includes('pg')) await benchDriver('pg', SERVER, `rk_bench_${process.pid}`)
if (DRIVERS.includes('pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'rosterkit-bench-pglite-'))
  try {
    await benchDriver('pglite', dir, 'rosterkit')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
