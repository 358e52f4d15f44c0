import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { MergePolicyInput, RosterStore } from '../../merge/index.js'
import { indexRoster, type Roster, roleCategory } from '../../model/index.js'
import type { RosterDatabase } from '../../postgres/index.js'
import { createRosterSync, type SyncReportData } from '../../sync/index.js'
import { evolveDistrict, generateDistrict } from '../../testing/generate-district.js'
import { MemoryRosterStore } from '../../testing/memory-store.js'
import { DEMO_SOURCES, type DemoSourceKind, startDemoSource } from '../demo-source.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { createProgressPrinter } from '../progress.js'
import { renderDiagnosis } from './test-connection.js'

/**
 * `rosterkit demo`: the whole product on one machine. A generated district behind a loopback
 * OneRoster or Clever server (or a CSV bundle), a test connection, a test sync and its report, an
 * approval into a host database (embedded PGlite, in memory), a night of changes in the district, and the incremental sync
 * that follows with its report.
 *
 * @module
 */

/** Options of the demo command. */
export interface DemoOptions {
  /**
   * Seed of the generated district.
   * @default 1
   */
  seed: number
  /**
   * Students in the district.
   * @default 2000
   */
  students: number
  /**
   * Where the district is served from.
   * @default 'oneroster-1.2'
   */
  source: DemoSourceKind
  /** Print one JSON document instead of the reports. */
  json: boolean
  /** Write the incremental sync's HTML report to this file. */
  html: string | undefined
}

/** Usage text of the demo command. */
export const DEMO_USAGE = `usage: rosterkit demo [--source oneroster-1.1|oneroster-1.2|clever|csv] [--students N] [--seed N] [--html FILE] [--json]

Serves a generated district (seeded, deterministic) from a loopback OneRoster or Clever server, or
as a CSV bundle, and walks through a sync as a vendor's app runs it: test connection, test sync with
its report, approval into a host database (embedded PGlite), then new students, transfers, withdrawals, a new
teacher and renamed classes in the district, and the incremental sync that picks them up.

  --source KIND   where the district is served from (default oneroster-1.2)
  --students N    students in the district (default 1500)
  --seed N        seed of the district (default 1)
  --html FILE     also write the incremental sync's HTML report (the email a district would get)
  --json          print one JSON document with every step instead of the text reports`

/**
 * Reads the demo command's arguments.
 * @param args - the arguments after `demo`
 * @throws {TypeError} on an unknown option or a value that is not a positive integer
 */
export function parseDemoArgs(args: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: 'string' },
      students: { type: 'string' },
      source: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const int = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer, got "${raw}"`)
    return n
  }
  const source = (values.source ?? 'oneroster-1.2') as DemoSourceKind
  if (!DEMO_SOURCES.includes(source)) throw new TypeError(`--source must be one of ${DEMO_SOURCES.join(', ')}`)
  return {
    seed: int('seed', values.seed, 1),
    students: int('students', values.students, 1500),
    source,
    json: values.json === true,
    html: values.html,
  }
}

function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  // Numbers right-aligned, text left-aligned.
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] === 'number'))
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)]
}

/**
 * Summarises a roster for people: the district, one row per school, totals per collection and users
 * per role category.
 * @param roster - any canonical roster
 * @returns the lines to print
 */
export function summariseRoster(roster: Roster): string[] {
  const index = indexRoster(roster)
  const district = roster.orgs.find((o) => o.type === 'district')
  const lines: string[] = [`${district?.name ?? roster.source.label ?? 'Roster'} (${roster.source.kind})`, '']
  const schoolRows = roster.orgs
    .filter((o) => o.type === 'school')
    .map((school) => {
      const users = index.usersByOrg.get(school.sourcedId) ?? []
      const count = (category: string): number =>
        users.filter((u) => {
          const role = u.roles.find((r) => r.orgSourcedId === school.sourcedId)
          return role !== undefined && role.roleType === 'primary' && roleCategory(role.role) === category
        }).length
      const grades = new Set((index.classesBySchool.get(school.sourcedId) ?? []).flatMap((c) => c.grades))
      const sorted = [...grades].sort((a, b) => (a === 'KG' ? -1 : b === 'KG' ? 1 : a.localeCompare(b)))
      return [
        school.name,
        sorted.length > 0 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : '',
        count('student'),
        count('teacher'),
        (index.classesBySchool.get(school.sourcedId) ?? []).length,
      ]
    })
  lines.push(...table(['school', 'grades', 'students', 'teachers', 'classes'], schoolRows), '')
  const totals: Array<[string, number]> = [
    ['orgs', roster.orgs.length],
    ['academic sessions', roster.academicSessions.length],
    ['courses', roster.courses.length],
    ['classes', roster.classes.length],
    ['users', roster.users.length],
    ['enrollments', roster.enrollments.length],
    ['demographics', roster.demographics.length],
  ]
  lines.push(...table(['collection', 'records'], totals), '')
  const categories = new Map<string, number>()
  for (const [category, users] of index.usersByCategory) categories.set(category, users.length)
  lines.push(
    ...table(
      ['role category', 'users'],
      [...categories].sort((a, b) => b[1] - a[1]),
    ),
  )
  lines.push('', `complete: ${roster.complete}   mode: ${roster.mode}   pulledAt: ${roster.pulledAt}`)
  return lines
}

/** The settings a district admin would pick on a vendor's setup screen for the demo. */
const DEMO_POLICY: MergePolicyInput = {
  namespace: 'demo-district',
  schools: { unmatched: 'create' },
  roles: {
    student: { existing: 'autoUpdate', archive: true },
    teacher: { existing: 'autoUpdate', archive: true },
    contact: { existing: 'autoUpdate', archive: true },
  },
  entities: {
    classes: { existing: 'autoUpdate', archive: true },
    enrollments: { existing: 'autoUpdate', archive: true },
  },
}

function heading(io: CliIo, text: string): void {
  io.out(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}\n\n`)
}

function applied(data: SyncReportData): number {
  let n = 0
  for (const ops of Object.values(data.apply?.counts ?? {})) for (const c of Object.values(ops ?? {})) n += c.succeeded
  return n
}

/**
 * Runs the demo command.
 * @param args - the arguments after `demo`
 * @param io - where to write
 * @returns the exit code: 0 when both syncs applied
 */
export async function runDemo(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseDemoArgs(args)
  const t0 = Date.now()
  const roster = generateDistrict({ seed: options.seed, students: options.students })
  const demo = await startDemoSource(options.source, roster)
  const text = !options.json
  const { database, store } = await openDemoStore(io, text)
  try {
    const sync = createRosterSync({ source: demo.source, store, policy: DEMO_POLICY })
    if (text) {
      io.out(`rosterkit demo: a generated district served from ${demo.where}\n\n`)
      for (const line of summariseRoster(roster)) io.out(`${line}\n`)
      heading(io, '1. Test connection (the "Test connection" button of a settings page)')
    }
    const diagnosis = await sync.testConnection()
    if (text) io.out(renderDiagnosis(diagnosis))
    if (!diagnosis.ok) return EXIT.connection

    if (text) heading(io, '2. Test sync: pull, validate, plan. Nothing is written yet.')
    const preview = await sync.preview({ onProgress: createProgressPrinter(io) })
    if (text) io.out(preview.report.toText())

    if (text) heading(io, '3. A person reviews the test sync and approves it')
    const first = await sync.approve(preview)
    if (text) {
      io.out(`${first.report.data.headline}\n${applied(first.report.data)} records written to the host store.\n`)
      io.out(`The host persists the sync state for the next run:\n${JSON.stringify(first.state, null, 2)}\n`)
    }

    const evolved = evolveDistrict(roster, {
      newStudents: 5,
      transfers: 3,
      withdrawals: 2,
      newTeachers: 1,
      renamedClasses: 2,
      deletions: demo.deletions,
    })
    demo.update(evolved)
    const c = evolved.changes
    if (text) {
      heading(io, '4. Overnight, the district changes in the SIS')
      io.out(
        `${c.newStudents.length} new students (with ${c.newGuardians.length} guardians), ${c.transfers.length} transfers, ${c.withdrawals.length} withdrawals, ${c.newTeachers.length} new teacher, ${c.renamedClasses.length} renamed classes\n`,
      )
      for (const r of c.renamedClasses) io.out(`  class ${r.classSourcedId}: "${r.from}" -> "${r.to}"\n`)
      heading(io, '5. The nightly sync: incremental where the source allows, applied when no guard trips')
    }
    const second = await sync.run({ onProgress: createProgressPrinter(io) })
    if (text) {
      io.out(second.report.toText())
      io.out(`\nNew sync state:\n${JSON.stringify(second.state, null, 2)}\n`)
    }
    if (text && database) {
      heading(io, '6. Reading the roster back from the embedded Postgres database (PGlite)')
      for (const line of await readBack(database)) io.out(`${line}\n`)
    }
    if (options.html !== undefined) await writeFile(options.html, second.report.toHtml())
    const ok = first.outcome === 'applied' && second.outcome === 'applied'
    if (options.json) {
      io.out(
        `${JSON.stringify({ source: options.source, diagnosis, testSync: preview.report, approve: first.report, changes: c, nightly: second.report, state: second.state }, null, 2)}\n`,
      )
    } else {
      io.out(
        `\nDemo ${ok ? 'finished' : 'ended with a sync that did not apply'} in ${((Date.now() - t0) / 1000).toFixed(1)} s.\n`,
      )
      if (options.html !== undefined) io.out(`HTML report written to ${options.html}\n`)
    }
    return ok ? EXIT.ok : EXIT.problems
  } finally {
    await demo.close()
    await database?.close()
  }
}

/**
 * The host's roster lives in an embedded Postgres (PGlite) in memory, as a vendor's would in its
 * database. rosterkit/postgres is loaded only here, so the CLI runs without its optional peers;
 * without them the demo keeps the roster in memory and says so.
 */
async function openDemoStore(
  io: CliIo,
  text: boolean,
): Promise<{ database: RosterDatabase | undefined; store: RosterStore }> {
  try {
    const { createPostgresRosterStore, openRosterDatabase } = await import('../../postgres/index.js')
    const database = await openRosterDatabase('memory://')
    return { database, store: createPostgresRosterStore({ database, district: 'demo-district' }) }
  } catch (error) {
    if (text) {
      io.out(
        `(The roster is kept in memory: install kysely, @electric-sql/pglite and kysely-pglite-dialect to keep it in an embedded Postgres. ${error instanceof Error ? error.message : String(error)})\n`,
      )
    }
    return { database: undefined, store: new MemoryRosterStore() }
  }
}

/** What a host app would query after the sync: rows per table and the active students per school. */
async function readBack(database: RosterDatabase): Promise<string[]> {
  const { db } = database
  const lines: string[] = []
  for (const table of ['orgs', 'classes', 'users', 'enrollments'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => [eb.fn.countAll<string>().as('rows'), eb.fn.count<string>('archived_at').as('archived')])
      .where('district', '=', 'demo-district')
      .executeTakeFirstOrThrow()
    lines.push(`${table.padEnd(12)} ${String(row.rows).padStart(6)} rows, ${row.archived} archived`)
  }
  const schools = await db
    .selectFrom('active_students')
    .select((eb) => ['school_name', eb.fn.countAll<string>().as('students')])
    .where('district', '=', 'demo-district')
    .groupBy('school_name')
    .orderBy('school_name')
    .execute()
  lines.push('', 'active students per school (view active_students):')
  for (const row of schools) lines.push(`  ${(row.school_name ?? '(no school)').padEnd(40)} ${row.students}`)
  return lines
}
