import type { MergePolicy } from '../merge/index.js'
import { ROLE_CATEGORIES } from '../model/index.js'
import type { SyncReportData } from './report-data.js'
import { countNoun, listNames } from './report-format.js'

/**
 * What both renderings say first, worded once: the decision (applied, held and why, blocked and
 * why), what waits for a person, and the collections that were not read completely or are not
 * offered.
 *
 * @module
 */

/** How a decision is shown: green, amber, red or neutral. */
export type DecisionTone = 'ok' | 'warn' | 'error' | 'info'

/** The opening of a report. */
export interface ReportDecision {
  /** Colour of the decision. */
  tone: DecisionTone
  /** The decision in a few words, e.g. "Held for approval". */
  title: string
  /** One sentence on what it means for the host's data. */
  summary: string
  /** Collections not read completely: "enrollments: read broke off …". */
  incomplete: string[]
  /** Collections the source does not offer. */
  notOffered: string[]
}

/**
 * The decision a report opens with.
 * @param data - the report's data
 */
export function describeDecision(data: SyncReportData): ReportDecision {
  const collections = data.pull?.collections ?? []
  const incomplete = collections
    .filter((c) => c.state === 'incomplete')
    .map((c) => `${c.collection}${c.reason ? `: ${c.reason}` : ''}`)
  const notOffered = collections.filter((c) => c.state === 'not-offered').map((c) => c.collection)
  const waits = data.holds.some((h) => h.kind === 'schools')
  const base = { incomplete, notOffered }
  switch (data.outcome) {
    case 'previewed':
      return waits
        ? {
            ...base,
            tone: 'warn',
            title: 'Test sync: some records wait for a person',
            summary:
              'Nothing has been written. Approving applies the changes below; the records that wait stay out until released.',
          }
        : {
            ...base,
            tone: 'info',
            title: 'Test sync: ready to approve',
            summary: 'Nothing has been written. Approving applies exactly the changes below.',
          }
    case 'applied':
      return {
        ...base,
        tone: waits ? 'warn' : 'ok',
        title: waits ? 'Applied; some records still wait' : 'Applied',
        summary: 'The changes below were written to your application.',
      }
    case 'partially-applied':
      return {
        ...base,
        tone: 'warn',
        title: 'Partly applied',
        summary: 'Your application refused some records (listed under "Apply"); the next run offers them again.',
      }
    case 'held':
      return {
        ...base,
        tone: 'warn',
        title: 'Held for approval',
        summary: 'Nothing has been written. The changes below wait for a person to approve them.',
      }
    case 'blocked':
      return {
        ...base,
        tone: 'error',
        title: 'Blocked',
        summary: 'Nothing has been written, and nothing can be until the data is fixed.',
      }
    case 'cancelled':
      return { ...base, tone: 'info', title: 'Cancelled', summary: 'The run was cancelled; the next run resumes.' }
    case 'failed':
      return { ...base, tone: 'error', title: 'Failed', summary: 'The sync failed; nothing more was written.' }
  }
}

/**
 * The sentence about incomplete collections, or `undefined`.
 * @param decision - the decision
 */
export function describeIncomplete(decision: ReportDecision): string | undefined {
  if (decision.incomplete.length === 0) return undefined
  return `Not read completely, so nothing is archived from ${decision.incomplete.length === 1 ? 'it' : 'them'}: ${decision.incomplete.join('; ')}`
}

/**
 * The sentence about collections the source does not offer, or `undefined`.
 * @param decision - the decision
 */
export function describeNotOffered(decision: ReportDecision): string | undefined {
  if (decision.notOffered.length === 0) return undefined
  return `Not offered by the source: ${listNames(decision.notOffered, 7)}`
}

/** The policy in a few rows for people: what syncs, what is created, updated and archived. */
export function describePolicy(policy: MergePolicy): { rows: string[][]; lines: string[] } {
  const rows: string[][] = []
  const yes = (b: boolean) => (b ? 'yes' : 'no')
  const row = (name: string, p: MergePolicy['entities']['orgs']) =>
    p.sync
      ? [name, 'on', yes(p.create), p.existing === 'autoUpdate' ? 'update' : 'keep as is', yes(p.archive)]
      : [name, 'off', '', '', '']
  for (const role of ROLE_CATEGORIES) rows.push(row(role, policy.roles[role]))
  for (const [entity, p] of Object.entries(policy.entities)) rows.push(row(entity, p))
  const lines = [
    policy.schools.unmatched === 'hold'
      ? 'Schools no host school matches wait for a person to assign them (with their classes and enrollments).'
      : 'Schools no host school matches are created.',
    `A plan that archives more than ${Math.round(policy.archiveThreshold * 100)}% of a role, a school or an entity waits for approval.`,
  ]
  const assigned = Object.keys(policy.schools.overrides).length
  if (assigned > 0) lines.push(`${countNoun(assigned, 'school')} assigned by a person.`)
  return { rows, lines }
}

/** Column headers of {@link describePolicy}'s rows. */
export const POLICY_COLUMNS = ['data', 'sync', 'create new', 'existing records', 'archive when gone'] as const

/**
 * Archive blocks with the same reason, said once: "orgs, users and enrollments: the pull was
 * incomplete".
 * @param blocks - the plan's archive blocks
 */
export function groupArchiveBlocks(blocks: ReadonlyArray<{ entity: string; reason: string }>): string[] {
  const byReason = new Map<string, string[]>()
  for (const b of blocks) byReason.set(b.reason, [...(byReason.get(b.reason) ?? []), b.entity])
  return [...byReason].map(([reason, entities]) => `${listNames(entities, 7)}: ${reason}`)
}
