import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { openRosterDatabase, type RosterDatabase } from '../../src/postgres/index.js'

/**
 * The databases every Postgres test runs against: an embedded PGlite (always) and the Postgres
 * server (when one answers; under CI=true it must, so a missing server fails instead of skipping).
 * Each test file works in schemas of its own, so files running in parallel never collide.
 */

/** The server the tests use. */
export const SERVER_URL = process.env.ROSTERKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function serverAnswers(): Promise<boolean> {
  const pg = await import('pg')
  const client = new (pg.default ?? pg).Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const answers = await serverAnswers()
/** True when the server tests are skipped: no server answers and this is not CI. */
export const skipServer = !answers && process.env.CI !== 'true'

/** One database driver under test. */
export interface DriverCase {
  /** Name in the test titles; says plainly when the driver is skipped. */
  name: string
  /** True to skip. */
  skip: boolean
  /** Opens a fresh database in a schema no other test uses. */
  open(label: string): Promise<RosterDatabase>
}

/** A unique schema name. */
export function uniqueSchema(label: string): string {
  return `rk_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`
}

/** How long opening a database may take. */
export const OPEN_TIMEOUT = 120_000

/** Drops a schema on the server (tests clean up after themselves). */
export async function dropSchema(schema: string): Promise<void> {
  const pg = await import('pg')
  const client = new (pg.default ?? pg).Client({ connectionString: SERVER_URL })
  await client.connect()
  try {
    await client.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await client.end()
  }
}

/** The drivers, PGlite first. */
export const DRIVERS: DriverCase[] = [
  {
    name: 'PGlite (embedded)',
    skip: false,
    open: (label) => openRosterDatabase('memory://', { schema: uniqueSchema(label) }),
  },
  {
    name: skipServer ? `Postgres server at ${SERVER_URL} — SKIPPED: no server answers` : 'Postgres server',
    skip: skipServer,
    open: (label) => openRosterDatabase(SERVER_URL, { schema: uniqueSchema(label) }),
  },
]

/**
 * Opens a database for a describe block and closes (and on the server drops) it afterwards.
 * @returns a getter for the open database
 */
export function useDatabase(driver: DriverCase, label: string): () => RosterDatabase {
  let database: RosterDatabase | undefined
  // PGlite starts a whole Postgres in WebAssembly: on a busy machine that takes a while.
  beforeAll(async () => {
    database = await driver.open(label)
  }, OPEN_TIMEOUT)
  afterAll(async () => {
    if (!database) return
    const { schema, driver: kind } = database
    await database.close()
    if (kind === 'pg') await dropSchema(schema)
  }, OPEN_TIMEOUT)
  return () => {
    if (!database) throw new Error('database not open')
    return database
  }
}
