import { resolve } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { type Dialect, Kysely, type PostgresPool } from 'kysely'
import { ConfigurationError } from '../errors.js'
import { advisoryLocker, type DistrictLocker, processLocker, type ReleaseDistrictLock } from './district-lock.js'
import { migrateRosterkitSchema } from './migrations.js'
import type { RosterkitTables } from './tables.js'

/**
 * Opens the database rosterkit keeps a roster in: a Postgres server through node-postgres, or an
 * embedded PGlite (Postgres compiled to WebAssembly, in a folder or in memory). Each driver is
 * imported only when it is used, so a host installs just the one it needs.
 *
 * @module
 */

/**
 * Where the roster lives:
 * - `postgres://…` or `postgresql://…`: a Postgres server (needs `pg`);
 * - `memory://`: an embedded PGlite database in memory (needs `@electric-sql/pglite`);
 * - any other string: a folder holding an embedded PGlite database (created when absent);
 * - `{ pool }`: a node-postgres `Pool` the host already has (rosterkit does not end it);
 * - `{ pglite }`: a PGlite instance the host already has (rosterkit does not close it).
 */
export type RosterDatabaseTarget = string | { pool: PostgresPool } | { pglite: PGliteInstance }

/**
 * An `@electric-sql/pglite` `PGlite` instance, by the members rosterkit relies on (typed this way so
 * rosterkit's declarations do not pull in PGlite's, which need Emscripten's types).
 */
export interface PGliteInstance {
  /** Runs one parameterised query. */
  query(query: string, params?: unknown[]): Promise<unknown>
  /** Closes the database. */
  close(): Promise<void>
}

/** Options of {@link openRosterDatabase}. */
export interface OpenRosterDatabaseOptions {
  /**
   * The Postgres schema holding rosterkit's tables (letters, digits and `_`).
   * @default 'rosterkit'
   */
  schema?: string | undefined
  /**
   * Run pending migrations on open.
   * @default true
   */
  migrate?: boolean | undefined
}

/** An open roster database. */
export interface RosterDatabase {
  /** Kysely on rosterkit's schema, for a host's own queries (and its batch hooks). */
  readonly db: Kysely<RosterkitTables>
  /** The schema name. */
  readonly schema: string
  /** Which driver is underneath: `pg` (a server, many connections) or `pglite` (embedded, one connection). */
  readonly driver: 'pg' | 'pglite'
  /**
   * Takes the district's lock without waiting: one sync of a district at a time.
   * @param district - the district
   * @returns the function that releases it
   * @throws {DistrictBusyError} when another run holds it
   */
  lockDistrict(district: string): Promise<ReleaseDistrictLock>
  /** Closes the connections rosterkit opened (a pool or PGlite passed in stays open). */
  close(): Promise<void>
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Tells whether a target string names a Postgres server.
 * @param target - a URL or folder
 */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(target)
}

interface Opened {
  dialect: Dialect
  driver: 'pg' | 'pglite'
  /** For PGlite, what names the database in this process (its folder or instance). */
  identity?: unknown
  release: () => Promise<void>
}

async function openPg(connectionString: string): Promise<Opened> {
  const { PostgresDialect } = await import('kysely')
  const pg = await import('pg')
  const Pool = (pg.default ?? pg).Pool
  const pool = new Pool({ connectionString, max: 10 })
  return { dialect: new PostgresDialect({ pool }), driver: 'pg', release: () => pool.end() }
}

async function openPglite(target: string | PGliteInstance): Promise<Opened> {
  const { PGliteDialect } = await import('kysely-pglite-dialect')
  let pglite: PGlite
  let owned = false
  if (typeof target === 'string') {
    const { PGlite } = await import('@electric-sql/pglite')
    pglite = await PGlite.create(target === 'memory://' ? undefined : target)
    owned = true
  } else {
    pglite = target as PGlite
  }
  return {
    dialect: new PGliteDialect(pglite),
    driver: 'pglite',
    identity: typeof target === 'string' && target !== 'memory://' ? resolve(target) : pglite,
    release: async () => {
      if (owned) await pglite.close()
    },
  }
}

/**
 * Opens (and by default migrates) the roster database.
 * @param target - a Postgres URL, `memory://`, a PGlite folder, or an open pool or PGlite
 * @param options - schema name, migrations
 * @throws {ConfigurationError} when the schema name is not a plain identifier, or a migration fails
 * @example
 * ```ts
 * const database = await openRosterDatabase(process.env.DATABASE_URL ?? './roster-db')
 * const store = createPostgresRosterStore({ database, district: 'springfield' })
 * ```
 */
export async function openRosterDatabase(
  target: RosterDatabaseTarget,
  options: OpenRosterDatabaseOptions = {},
): Promise<RosterDatabase> {
  const schema = options.schema ?? 'rosterkit'
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConfigurationError(`Invalid schema name "${schema}": use letters, digits and _ only`, [
      { path: ['schema'], message: 'not a plain identifier' },
    ])
  }
  let opened: Opened
  if (typeof target === 'string') {
    opened = isPostgresUrl(target) ? await openPg(target) : await openPglite(target)
  } else if ('pool' in target) {
    const { PostgresDialect } = await import('kysely')
    opened = { dialect: new PostgresDialect({ pool: target.pool }), driver: 'pg', release: async () => {} }
  } else {
    opened = await openPglite(target.pglite)
  }
  // Kysely's destroy() would close a PGlite or end a pool the host owns; closing goes through `release`.
  const root = new Kysely<RosterkitTables>({ dialect: opened.dialect })
  try {
    if (options.migrate !== false) await migrateRosterkitSchema(root as Kysely<unknown>, schema)
  } catch (error) {
    await opened.release()
    throw error
  }
  const db = root.withSchema(schema)
  const locker: DistrictLocker =
    opened.driver === 'pg' ? advisoryLocker(root as Kysely<unknown>, schema) : processLocker(opened.identity)
  return {
    db,
    schema,
    driver: opened.driver,
    lockDistrict: (district) => locker.acquire(district),
    close: () => opened.release(),
  }
}
