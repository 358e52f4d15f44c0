import { parseArgs } from 'node:util'
import { indexRoster, type Roster, roleCategory } from '../../model/index.js'
import { generateDistrict } from '../../testing/generate-district.js'

/**
 * `rosterkit demo`: generates a seeded district and prints a summary of its canonical roster.
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
}

/** Usage text of the demo command. */
export const DEMO_USAGE = `usage: rosterkit demo [--seed N] [--students N]

Generates a realistic district (seeded, deterministic) and prints a summary of its canonical roster.`

/**
 * Reads the demo command's arguments.
 * @param args - the arguments after `demo`
 * @throws {TypeError} on an unknown option or a value that is not a positive integer
 */
export function parseDemoArgs(args: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { seed: { type: 'string' }, students: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  })
  const int = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer, got "${raw}"`)
    return n
  }
  return { seed: int('seed', values.seed, 1), students: int('students', values.students, 2000) }
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

/**
 * Runs the demo command.
 * @param args - the arguments after `demo`
 * @param print - where lines go; `console.log` by default
 */
export function runDemo(args: readonly string[], print: (line: string) => void = console.log): void {
  const options = parseDemoArgs(args)
  const roster = generateDistrict({ seed: options.seed, students: options.students })
  for (const line of summariseRoster(roster)) print(line)
}
