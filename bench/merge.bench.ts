/**
 * Merge planner benchmark: plan a district of about 100k users and 1M enrollments against a host
 * holding the same district, with about 1% changed (goal ≤ 2 s), then the same at a tenth of the size
 * (goal: linear scaling). The baseline is the floor any planner pays: indexing both sides by
 * sourcedId.
 */
import { type ExistingRecords, type HostRecord, MERGE_ENTITIES, planMerge } from '../src/merge/index.js'
import type { Roster } from '../src/model/index.js'
import { evolveDistrict, generateDistrict } from '../src/testing/generate-district.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const NS = 'bench'

function hostOf(roster: Roster): ExistingRecords {
  const existing: Record<string, HostRecord[]> = {}
  let n = 0
  for (const entity of MERGE_ENTITIES) {
    existing[entity] = (roster[entity] as HostRecord['record'][]).map((record) => ({
      hostId: `h${++n}`,
      record,
      origin: { namespace: NS, createdBySource: true },
    }))
  }
  return existing as ExistingRecords
}

function baseline(existing: ExistingRecords, incoming: Roster): number {
  let size = 0
  for (const entity of MERGE_ENTITIES) {
    const a = new Map((existing[entity] ?? []).map((h) => [h.record.sourcedId, h]))
    const b = new Map((incoming[entity] as Array<{ sourcedId: string }>).map((r) => [r.sourcedId, r]))
    size += a.size + b.size
  }
  return size
}

async function run(students: number) {
  const before = generateDistrict({ seed: 7, students, withDemographics: false })
  const share = (f: number) => Math.max(1, Math.round(students * f))
  const { roster: after } = evolveDistrict(before, {
    newStudents: share(0.004),
    withdrawals: share(0.003),
    transfers: share(0.003),
    renamedClasses: share(0.0005),
    deletions: 'absent',
  })
  const existing = hostOf(before)
  const policy = {
    namespace: NS,
    schools: { unmatched: 'create' as const },
    roles: { student: { existing: 'autoUpdate' as const, archive: true } },
    entities: { classes: { existing: 'autoUpdate' as const }, enrollments: { archive: true } },
  }
  const floor = await measure(() => baseline(existing, after))
  planMerge({ existing, incoming: after, policy }) // warm-up
  const timed = await measure(() => planMerge({ existing, incoming: after, policy }))
  return {
    users: after.users.length,
    enrollments: after.enrollments.length,
    plan: timed.result,
    planMs: timed.wallMs,
    floorMs: floor.wallMs,
  }
}

const small = await run(5_000)
const large = await run(50_000)
const changes = (p: typeof large.plan) =>
  `${fmt(p.summary.total.create)} create, ${fmt(p.summary.total.update)} update, ${fmt(p.summary.total.archive)} archive`
const perRecordRatio =
  large.planMs / (large.users + large.enrollments) / (small.planMs / (small.users + small.enrollments))
report('merge: planMerge against a host of the same size, ~1% changed', [
  ['large', `${fmt(large.users)} users, ${fmt(large.enrollments)} enrollments (${changes(large.plan)})`],
  ['large plan', `${fmt(large.planMs)} ms (baseline: index both sides ${fmt(large.floorMs)} ms)`],
  ['large goal', goal('', large.planMs / 1000, 2, ' s')],
  ['small', `${fmt(small.users)} users, ${fmt(small.enrollments)} enrollments (${changes(small.plan)})`],
  ['small plan', `${fmt(small.planMs)} ms (baseline: index both sides ${fmt(small.floorMs)} ms)`],
  ['per-record cost, large ÷ small', goal('(linear scaling)', perRecordRatio, 1.5)],
  ['peak RSS', `${fmt(peakRssMiB())} MiB`],
])
