import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely'
import { ConfigurationError } from '../errors.js'
import { ROSTER_TABLES } from './tables.js'

/**
 * The schema's migrations, kept in code (no migration folder to ship or find at run time) and run
 * with Kysely's `Migrator`. A migration is never edited once released: a change is a new one.
 *
 * @module
 */

const rosterTables = Object.values(ROSTER_TABLES)

function rosterTableMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema)
      for (const table of rosterTables) {
        await s
          .createTable(table)
          .addColumn('district', 'text', (c) => c.notNull())
          .addColumn('host_id', 'text', (c) => c.notNull().defaultTo(sql`gen_random_uuid()::text`))
          .addColumn('source_namespace', 'text')
          .addColumn('source_key', 'text', (c) => c.notNull())
          .addColumn('created_by_source', 'boolean', (c) => c.notNull().defaultTo(false))
          .addColumn('origin_created_at', 'text')
          .addColumn('record', 'jsonb', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('given_name', 'text')
          .addColumn('family_name', 'text')
          .addColumn('email', 'text')
          .addColumn('role', 'text')
          .addColumn('org_key', 'text')
          .addColumn('class_key', 'text')
          .addColumn('user_key', 'text')
          .addColumn('grades', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('host_edited_fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
          .addColumn('archived_at', 'timestamptz')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          // The district leads the key: a store's streaming load walks its own district's rows in key order.
          .addPrimaryKeyConstraint(`${table}_pkey`, ['district', 'host_id'])
          .execute()
        // One row per source record per district: a retried or resumed batch updates, never duplicates.
        await s
          .createIndex(`${table}_source_key`)
          .on(table)
          .columns(['district', 'source_namespace', 'source_key'])
          .unique()
          .where(sql.ref('source_namespace'), 'is not', null)
          .execute()
        // Records made by hand are what fallback keys pair; an incremental load reads them by this.
        await s
          .createIndex(`${table}_hand_made`)
          .on(table)
          .columns(['district', 'source_key'])
          .where(sql.ref('source_namespace'), 'is', null)
          .execute()
      }
      await s.createIndex('users_email').on('users').columns(['district', 'email']).execute()
      await s.createIndex('enrollments_class').on('enrollments').columns(['district', 'class_key']).execute()
      await s.createIndex('classes_school').on('classes').columns(['district', 'org_key']).execute()

      await s
        .createTable('sync_states')
        .addColumn('district', 'text', (c) => c.primaryKey())
        .addColumn('state', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute()
      await s
        .createTable('previews')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('plan_fingerprint', 'text', (c) => c.notNull())
        .addColumn('held', 'jsonb', (c) => c.notNull())
        .addColumn('preview', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('resolved_at', 'timestamptz')
        .execute()
      // At most one preview waits per district: saving a new one discards the old in the same transaction.
      await s
        .createIndex('previews_pending')
        .on('previews')
        .column('district')
        .unique()
        .where(sql.ref('status'), '=', 'pending')
        .execute()
      await s
        .createTable('runs')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
        .addColumn('report', 'jsonb', (c) => c.notNull())
        .execute()
      await s.createIndex('runs_district').on('runs').columns(['district', 'finished_at']).execute()

      const q = (name: string) => sql.table(`${schema}.${name}`)
      // Views a host reads from. Rows join on source keys within one district and namespace.
      await sql`create view ${q('active_students')} as
        select u.district, u.source_namespace, u.org_key as school_key, s.name as school_name,
               u.host_id, u.source_key, u.given_name, u.family_name, u.email, u.grades, u.record
        from ${q('users')} u
        left join ${q('orgs')} s on s.district = u.district and s.source_namespace is not distinct from u.source_namespace
             and s.source_key = u.org_key and s.archived_at is null
        where u.archived_at is null and u.status = 'active' and u.role = 'student'`.execute(db)
      await sql`create view ${q('class_rosters')} as
        select c.district, c.source_namespace, c.host_id as class_host_id, c.source_key as class_key,
               c.name as class_title, c.org_key as school_key, e.role, u.host_id as user_host_id,
               u.source_key as user_key, u.given_name, u.family_name, u.email
        from ${q('classes')} c
        join ${q('enrollments')} e on e.district = c.district and e.source_namespace is not distinct from c.source_namespace
             and e.class_key = c.source_key and e.archived_at is null
        join ${q('users')} u on u.district = e.district and u.source_namespace is not distinct from e.source_namespace
             and u.source_key = e.user_key and u.archived_at is null
        where c.archived_at is null`.execute(db)
    },
  }
}

/** The migrations of a schema, by name (names sort in the order they run). */
export function rosterkitMigrations(schema: string): Record<string, Migration> {
  return { '2026-12-01-roster-tables': rosterTableMigration(schema) }
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations
  }
}

/**
 * Brings the schema up to date: creates it when absent and runs every migration not run yet, each
 * in a transaction, recording them in `<schema>.kysely_migration`. Safe to call on every start;
 * concurrent callers are serialised by Kysely's migration lock.
 * @param db - a Kysely instance on the database
 * @param schema - the Postgres schema of rosterkit's tables
 * @returns the migrations that ran now
 * @throws {ConfigurationError} when a migration fails (the database is left as it was before it)
 */
export async function migrateRosterkitSchema(db: Kysely<unknown>, schema: string): Promise<MigrationResultSet> {
  await db.schema.createSchema(schema).ifNotExists().execute()
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(rosterkitMigrations(schema)),
    migrationTableSchema: schema,
  })
  const result = await migrator.migrateToLatest()
  if (result.error !== undefined) {
    throw new ConfigurationError(`Migrating the rosterkit schema "${schema}" failed`, [], { cause: result.error })
  }
  return result
}
