import { parseArgs } from 'node:util'
import { applyMergePlan, createMergePolicy, type MergePolicyInput, planMerge } from '../../merge/index.js'
import { createCsvSourceFromPath } from '../../node/index.js'
import { createRosterSync } from '../../sync/index.js'
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
validation findings and the safety guards that would trip. Nothing is written anywhere.
Exit code 0 when the sync could be applied, 1 when validation blocks it or a guard holds it.

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
  const preview = await sync.preview({ full: true, onProgress: createProgressPrinter(io) })
  io.out(values.json ? `${JSON.stringify(preview.report, null, 2)}\n` : preview.report.toText())
  return preview.blocked || preview.held.length > 0 ? EXIT.problems : EXIT.ok
}
