import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { RosterDatabase } from '../../postgres/index.js'
import { createRosterSync, type SyncReport } from '../../sync/index.js'
import { DistrictParametersSchema } from '../../validate/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { createProgressPrinter } from '../progress.js'
import { readJsonFile } from '../read-json-file.js'
import { createSourceFromFlags, SOURCE_KINDS, type SourceFlags } from '../source-flags.js'

/**
 * `rosterkit sync`: one district's test sync, approval and nightly run, from a config file, into a
 * Postgres server or an embedded PGlite folder, with the state, the pending preview and the run
 * history kept in the same database.
 *
 * @module
 */

/** Usage text of the command. */
export const SYNC_USAGE = `usage: rosterkit sync --config district.json --db <postgres-url | pglite-folder> [preview | approve | run] [--full] [--json]

Syncs one district into rosterkit's Postgres tables (see docs/postgres.md):
  preview   pull, validate and plan; nothing is written. The preview is kept for approval.
  approve   apply the kept preview, exactly as it was reviewed (e.g. the next morning)
  run       the nightly run (default): applies when nothing blocks and no guard trips; otherwise
            keeps the plan for approval and exits 1
A second sync of the same district while one runs is refused. Every run is recorded; list them with
"rosterkit runs".

  --config FILE   the district: source, credentials by environment variable name, policy, parameters
  --db TARGET     postgres://… for a server, or a folder for an embedded PGlite database
  --schema NAME   Postgres schema of rosterkit's tables (default rosterkit)
  --full          pull everything instead of the changes since the last run
  --json          print the report as JSON`

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')

/** The district config file. Credentials are the NAMES of environment variables, never values. */
export const DistrictConfigSchema = z.object({
  district: z.string().min(1),
  source: z.object({
    kind: z.enum(SOURCE_KINDS),
    url: z.string().optional(),
    tokenUrl: z.string().optional(),
    auth: z.enum(['oauth1', 'oauth2', 'bearer']).optional(),
    vendor: z.string().optional(),
    districtId: z.string().optional(),
    bundle: z.string().optional(),
    allowInsecureLoopback: z.boolean().optional(),
  }),
  credentials: z
    .object({ clientId: EnvName.optional(), clientSecret: EnvName.optional(), token: EnvName.optional() })
    .default({}),
  policy: z.record(z.string(), z.unknown()).optional(),
  parameters: z.unknown().optional(),
})
/** A district config file. */
export type DistrictConfig = z.infer<typeof DistrictConfigSchema>

/**
 * Reads and checks a district config file.
 * @param path - the file
 * @throws {UsageError} when it is not a district config
 */
export async function readDistrictConfig(path: string): Promise<DistrictConfig> {
  const parsed = DistrictConfigSchema.safeParse(await readJsonFile(path, 'district config'))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new UsageError(`${path} is not a district config: ${problems}`)
  }
  return parsed.data
}

function fromEnv(io: CliIo, name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  const value = io.env[name]
  if (value === undefined || value === '') throw new UsageError(`environment variable ${name} is not set`)
  return value
}

/** The source options the config names, with credentials read from the environment. */
function sourceFlags(config: DistrictConfig, io: CliIo): SourceFlags {
  const { source, credentials } = config
  const flags: Record<string, string | boolean> = { source: source.kind }
  const set = (key: keyof SourceFlags, value: string | undefined) => {
    if (value !== undefined) flags[key] = value
  }
  set('url', source.url)
  set('token-url', source.tokenUrl)
  set('auth', source.auth)
  set('vendor', source.vendor)
  set('district-id', source.districtId)
  set('bundle', source.bundle)
  set('client-id', fromEnv(io, credentials.clientId))
  set('client-secret', fromEnv(io, credentials.clientSecret))
  set('token', fromEnv(io, credentials.token))
  if (source.allowInsecureLoopback) flags['allow-insecure-loopback'] = true
  return flags as SourceFlags
}

/**
 * Opens the roster database, loading rosterkit/postgres only now so other commands run without it.
 * @throws {UsageError} when its optional dependencies are not installed
 */
export async function openCliDatabase(target: string, schema: string | undefined) {
  let postgres: typeof import('../../postgres/index.js')
  try {
    postgres = await import('../../postgres/index.js')
  } catch (error) {
    throw new UsageError(
      `--db needs kysely and a driver: npm install kysely pg (a server) or kysely @electric-sql/pglite kysely-pglite-dialect (a folder) (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  const database: RosterDatabase = await postgres.openRosterDatabase(target, { schema })
  return { postgres, database }
}

function printReport(io: CliIo, report: SyncReport, json: boolean): void {
  io.out(json ? `${JSON.stringify(report, null, 2)}\n` : report.toText())
}

/**
 * Runs `rosterkit sync`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code: 0 when applied (or a preview that can be approved), 1 when held or blocked
 */
export async function runSync(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      config: { type: 'string' },
      db: { type: 'string' },
      schema: { type: 'string' },
      full: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  })
  const action = positionals[0] ?? 'run'
  if (!['preview', 'approve', 'run'].includes(action) || positionals.length > 1) {
    throw new UsageError('the action is one of preview, approve, run')
  }
  if (values.config === undefined) throw new UsageError('--config is required')
  if (values.db === undefined) throw new UsageError('--db is required')
  const config = await readDistrictConfig(values.config)
  const source = createSourceFromFlags(sourceFlags(config, io), io)
  const parameters = config.parameters === undefined ? undefined : DistrictParametersSchema.parse(config.parameters)
  const json = values.json === true
  const { postgres, database } = await openCliDatabase(values.db, values.schema)
  try {
    const release = await database.lockDistrict(config.district)
    try {
      const store = postgres.createPostgresRosterStore({ database, district: config.district })
      const history = postgres.createPostgresSyncStore({ database, district: config.district })
      const sync = createRosterSync({
        source,
        store,
        policy: { namespace: config.district, ...(config.policy ?? {}) },
        ...(parameters === undefined ? {} : { districtParameters: parameters }),
        state: await history.loadState(),
        onStateChange: (state) => history.saveState(state),
      })
      const onProgress = createProgressPrinter(io)
      if (action === 'preview') {
        const preview = await sync.preview({ full: values.full === true, onProgress })
        const id = await history.savePreview(preview)
        await history.recordRun(preview.report)
        printReport(io, preview.report, json)
        if (!json) io.err(`Kept as preview #${id}; apply it with "rosterkit sync … approve".\n`)
        return preview.blocked ? EXIT.problems : EXIT.ok
      }
      if (action === 'approve') {
        const pending = await history.pendingPreview()
        if (!pending) throw new UsageError(`no preview of district "${config.district}" waits for approval`)
        const result = await sync.approve(pending.preview)
        if (result.outcome === 'applied') await history.resolvePreview(pending.id, 'approved')
        await history.recordRun(result.report)
        printReport(io, result.report, json)
        return result.outcome === 'applied' ? EXIT.ok : EXIT.problems
      }
      const result = await sync.run({ full: values.full === true, onProgress })
      await history.recordRun(result.report)
      if (result.outcome === 'held' && result.preview) {
        const id = await history.savePreview(result.preview)
        if (!json) io.err(`Held for a person: kept as preview #${id}; apply it with "rosterkit sync … approve".\n`)
      }
      printReport(io, result.report, json)
      return result.outcome === 'applied' ? EXIT.ok : result.outcome === 'cancelled' ? EXIT.cancelled : EXIT.problems
    } finally {
      await release()
    }
  } finally {
    await database.close()
  }
}
