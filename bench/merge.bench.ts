/**
 * Merge planner benchmark: plan a district of at least 100k users and 1M enrollments against a host
 * holding the same district, with about 1% changed (goal ≤ 2 s), then the same at a tenth of the size
 * (goal: linear scaling). Each size is planned several times and the median is reported (CPU time
 * includes the garbage collector's helper threads; wall time suffers on a busy machine). The
 * baseline is the floor any planner pays: indexing both sides by sourcedId.
 *
 * The generated district has about 7.8 enrollments per student and no guardians here, so 1M
 * enrollments take about 128k students (and their teachers) as users.
 */
import { type ExistingRecords, type HostRecord, MERGE_ENTITIES, planMerge } from '../src/merge/index.js'
import type { Roster } from '../src/model/index.js'
import { evolveDistrict, generateDistrict } from '../src/testing/generate-district.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const NS = 'bench'
const LARGE_STUDENTS = Number(process.env.MERGE_BENCH_STUDENTS ?? 128_000)
const RUNS = 3

/** The host's copy of a roster: its own record objects, as a store that loads from a database has. */
function hostOf(roster: Roster): ExistingRecords {
  const existing: Record<string, HostRecord[]> = {}
  let n = 0
  for (const entity of MERGE_ENTITIES) {
    existing[entity] = (roster[entity] as HostRecord['record'][]).map((record) => ({
      hostId: `h${++n}`,
      record: structuredClone(record),
      origin: { namespace: NS, createdBySource: true },
    }))
  }
  return existing as ExistingRecords
}

function baseline(existing: ExistingRecords, incoming: Roster): number {
  let size = 0
  // Plain loops: building [key, value] pairs for `new Map(pairs)` would time the garbage collector
  // copying two million short-lived arrays rather than the indexing itself.
  for (const entity of MERGE_ENTITIES) {
    const a = new Map<string, HostRecord>()
    for (const h of existing[entity] ?? []) a.set(h.record.sourcedId, h as HostRecord)
    const b = new Map<string, unknown>()
    for (const r of incoming[entity] as Array<{ sourcedId: string }>) b.set(r.sourcedId, r)
    size += a.size + b.size
  }
  return size
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

async function run(students: number, runs: number) {
  const before = generateDistrict({ seed: 7, students, guardiansPerStudent: 0, withDemographics: false })
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
  const gc = (globalThis as { gc?: () => void }).gc
  const floors: number[] = []
  const plans: number[] = []
  const cpus: number[] = []
  let plan = planMerge({ existing, incoming: after, policy }) // warm-up
  for (let i = 0; i < runs; i++) {
    gc?.()
    floors.push((await measure(() => baseline(existing, after))).wallMs)
    gc?.()
    const timed = await measure(() => planMerge({ existing, incoming: after, policy }))
    plan = timed.result
    plans.push(timed.wallMs)
    cpus.push(timed.cpuMs)
  }
  return {
    users: after.users.length,
    enrollments: after.enrollments.length,
    plan,
    planMs: median(plans),
    cpuMs: median(cpus),
    plans,
    floorMs: median(floors),
  }
}

const small = await run(Math.round(LARGE_STUDENTS / 10), RUNS * 2 + 1)
const large = await run(LARGE_STUDENTS, RUNS)
const changes = (p: typeof large.plan) =>
  `${fmt(p.summary.total.create)} create, ${fmt(p.summary.total.update)} update, ${fmt(p.summary.total.archive)} archive`
const runsOf = (r: typeof large) => `${r.plans.map((ms) => fmt(Math.round(ms))).join(', ')} ms`
const perRecordRatio =
  large.planMs / (large.users + large.enrollments) / (small.planMs / (small.users + small.enrollments))
report('merge: planMerge against a host of the same size, ~1% changed (medians)', [
  ['large', `${fmt(large.users)} users, ${fmt(large.enrollments)} enrollments (${changes(large.plan)})`],
  [
    'large plan',
    `${fmt(large.planMs)} ms, CPU ${fmt(large.cpuMs)} ms (baseline: index both sides ${fmt(large.floorMs)} ms)`,
  ],
  ['large runs', runsOf(large)],
  ['large goal', goal('', large.planMs / 1000, 2, ' s')],
  ['small', `${fmt(small.users)} users, ${fmt(small.enrollments)} enrollments (${changes(small.plan)})`],
  [
    'small plan',
    `${fmt(small.planMs)} ms, CPU ${fmt(small.cpuMs)} ms (baseline: index both sides ${fmt(small.floorMs)} ms)`,
  ],
  ['small runs', runsOf(small)],
  ['per-record cost, large ÷ small', goal('(linear scaling)', perRecordRatio, 1.5)],
  ['peak RSS', `${fmt(peakRssMiB())} MiB`],
])
