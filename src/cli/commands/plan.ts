import { parseArgs } from 'node:util'
import { applyMergePlan, createMergePolicy, type MergePolicyInput, planMerge } from '../../merge/index.js'
import { createCsvSourceFromPath } from '../../node/index.js'
import { createRosterSync, type SyncPreview } from '../../sync/index.js'
import { MemoryRosterStore } from '../../testing/memory-store.js'
import { type DistrictParameters, parseDistrictParameters } from '../../validate/index.js'
import { EXIT, UsageError } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { createProgressPrinter } from '../progress.js'
import { readJsonFile } from '../read-json-file.js'
import { createSourceFromFlags, SOURCE_OPTIONS, SOURCE_USAGE } from '../source-flags.js'

/**
 * `rosterkit plan`: what a sync would change, between a bundle the host already holds and a newer
 * bundle or a live source.
 *
 * @module
 */

/** Usage text of the command. */
export const PLAN_USAGE = `usage: rosterkit plan --base PATH (--bundle PATH | [source options]) [--policy FILE] [--parameters FILE] [--json]

Loads the roster in --base as if the host had synced it already, then runs a test sync from the newer
bundle or the live source and prints what it would create, update, archive, skip and hold, with the
validation findings and the safety guards that would trip. Nothing is written anywhere. A delta
bundle (changes only) is planned as changes: records it does not mention stay as they are.
Exit code 0 when the sync could be applied as it is; 1 when validation blocks it, a guard holds it,
or records wait for a person (schools to assign, conflicting matches).

  --base PATH         the roster the host holds now: a CSV bundle (.zip or folder)
  --policy FILE       merge policy as JSON (see docs/policies.md); default: create, skip existing, never archive
  --parameters FILE   district parameters as JSON (see docs/district-parameters.md)
  --json              the report as JSON

${SOURCE_USAGE}`

/**
 * Runs `rosterkit plan`.
 * @param args - the arguments after the command name
 * @param io - where to write
 * @returns the exit code
 */
export async function runPlan(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...SOURCE_OPTIONS,
      base: { type: 'string' },
      policy: { type: 'string' },
      parameters: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.base === undefined) throw new UsageError('--base is required')
  const withNamespace = (input: unknown) =>
    createMergePolicy({ namespace: 'rosterkit-plan', ...(input as MergePolicyInput) })
  const policy =
    values.policy === undefined ? withNamespace({}) : await readJsonFile(values.policy, 'policy', withNamespace)
  let parameters: DistrictParameters | undefined
  if (values.parameters !== undefined) {
    parameters = await readJsonFile(values.parameters, 'district parameters', parseDistrictParameters)
  }
  const source = createSourceFromFlags(values, io)

  // The host as it would be after syncing the base roster: every record created by this source.
  const base = await createCsvSourceFromPath(values.base).pull()
  const store = new MemoryRosterStore()
  const seed = planMerge({
    existing: {},
    incoming: base,
    policy: { ...policy, schools: { ...policy.schools, unmatched: 'create' } },
  })
  await applyMergePlan(seed, store, { approved: true })

  const sync = createRosterSync({
    source,
    store,
    policy,
    ...(parameters === undefined ? {} : { districtParameters: parameters }),
  })
  const preview = await sync.preview({ onProgress: createProgressPrinter(io) })
  const waiting = waitingForAPerson(preview)
  if (values.json) {
    // The report as \`sync.preview()\` gives it, plus what the command decided from it.
    io.out(`${JSON.stringify({ ...preview.report.toJSON(), incoming: preview.plan.mode, waiting }, null, 2)}\n`)
  } else {
    if (preview.plan.mode === 'delta') {
      io.out(
        `${source.label} holds changes only (a delta export): records it does not mention stay as they are, and only records it marks deleted are archived.\n\n`,
      )
    }
    io.out(preview.report.toText())
    if (waiting.length > 0) io.out(`\nWaiting for a person:\n${waiting.map((w) => `  - ${w}\n`).join('')}`)
  }
  return preview.blocked || waiting.length > 0 ? EXIT.problems : EXIT.ok
}

/**
 * Why the plan cannot be applied as it is: validation, guards, and records held for a decision
 * (schools no host school matches, conflicting matches).
 */
function waitingForAPerson(preview: SyncPreview): string[] {
  const reasons = [...preview.held]
  const schools = preview.plan.schools.unmatched
  if (schools.length > 0) {
    const classes = schools.reduce((n, s) => n + s.heldClasses, 0)
    const enrollments = schools.reduce((n, s) => n + s.heldEnrollments, 0)
    const line = `${schools.length} school${schools.length === 1 ? '' : 's'} to assign (${schools.map((s) => s.name).join(', ')}), holding ${classes} class${classes === 1 ? '' : 'es'} and ${enrollments} enrollment${enrollments === 1 ? '' : 's'}`
    if (!reasons.some((r) => /school/i.test(r))) reasons.push(line)
  }
  const conflicts = preview.plan.summary.total.conflict
  if (conflicts > 0) reasons.push(`${conflicts} conflicting match${conflicts === 1 ? '' : 'es'} to resolve`)
  return reasons
}
