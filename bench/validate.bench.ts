/**
 * Roster validation at district scale: a generated district of about 1M records (users, enrollments,
 * classes, courses, sessions, orgs, demographics) validated against realistic district parameters, with
 * a baseline ten times smaller measured in the same run. Goals: 1M records in ≤ 1.5 s, and linear
 * scaling (10× the records in ≤ 12× the time). Index building is timed apart from the rules and
 * counted in the total: the index is lazy, so the maps are forced first.
 */
import { indexRoster, type Roster } from '../src/model/index.js'
import { generateDistrict } from '../src/testing/generate-district.js'
import { type DistrictParameters, validateRoster } from '../src/validate/index.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const FULL_STUDENTS = 100_000
const GOAL_MS = 1_500
const LINEAR_LIMIT = 12

const parameters: DistrictParameters = {
  testDistribution: 'class',
  testingMeasures: [
    { id: 'early-reading', subjects: ['English Language Arts'], grades: ['KG', '01', '02', '03', '04', '05'] },
    {
      id: 'math',
      subjects: ['Mathematics'],
      grades: ['KG', '01', '02', '03', '04', '05', '06', '07', '08'],
      screeningClass: { subjects: ['Mathematics'] },
    },
  ],
  screeningClass: { classType: 'homeroom' },
  recordProcessing: 'all',
  requiredIdentifiers: { student: ['stateId', 'grades'], teacher: ['email'] },
  quarantine: { enabled: true, maxShare: 0.05 },
}

function records(roster: Roster): number {
  return (
    roster.orgs.length +
    roster.academicSessions.length +
    roster.courses.length +
    roster.classes.length +
    roster.users.length +
    roster.enrollments.length +
    roster.demographics.length
  )
}

const RUNS = 5

/**
 * Every index map the rules and the verdict read. The index is lazy (each map is built on first
 * read), so these are forced before the rules are timed: otherwise their cost would hide inside the
 * first rule to ask.
 */
function forceIndexes(roster: Roster): number {
  const index = indexRoster(roster)
  return (
    index.orgs.size +
    index.academicSessions.size +
    index.courses.size +
    index.classes.size +
    index.users.size +
    index.enrollmentsByClass.size +
    index.enrollmentsByUser.size
  )
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

interface Phase {
  wallMs: number
  cpuMs: number
}

/**
 * Median of several runs, each on a fresh shallow copy so the roster's indexes are rebuilt: first the
 * indexes alone, then the rules and verdict over them. CPU time is the figure to compare on a shared
 * machine; wall time suffers when other work runs.
 */
async function timeValidation(roster: Roster) {
  const index: Phase[] = []
  const rules: Phase[] = []
  const total: Phase[] = []
  let result: ReturnType<typeof validateRoster> | undefined
  for (let i = 0; i < RUNS; i++) {
    ;(globalThis as { gc?: () => void }).gc?.()
    const copy = { ...roster }
    const built = await measure(() => forceIndexes(copy))
    const run = await measure(() => validateRoster(copy, parameters))
    result = run.result
    index.push(built)
    rules.push(run)
    total.push({ wallMs: built.wallMs + run.wallMs, cpuMs: built.cpuMs + run.cpuMs })
  }
  const med = (phases: Phase[]): Phase => ({
    wallMs: median(phases.map((p) => p.wallMs)),
    cpuMs: median(phases.map((p) => p.cpuMs)),
  })
  return { index: med(index), rules: med(rules), total: med(total), result: result! }
}

const describe = (t: Awaited<ReturnType<typeof timeValidation>>): string =>
  `${fmt(t.total.cpuMs)} ms cpu, ${fmt(t.total.wallMs)} ms wall = indexes ${fmt(t.index.cpuMs)} ms cpu ` +
  `(${fmt(t.index.wallMs)} wall) + rules ${fmt(t.rules.cpuMs)} ms cpu (${fmt(t.rules.wallMs)} wall); ` +
  `${fmt(t.result.issues.length)} issues`

// Warm the JIT on a small district so neither measured size pays for compilation.
validateRoster(generateDistrict({ seed: 2, students: 2_000 }), parameters)

const small = generateDistrict({ seed: 1, students: FULL_STUDENTS / 10 })
const smallRecords = records(small)
const baseline = await timeValidation(small)
small.users.length = 0
small.enrollments.length = 0

const large = generateDistrict({ seed: 1, students: FULL_STUDENTS })
const largeRecords = records(large)
const full = await timeValidation(large)

const sizeRatio = largeRecords / smallRecords
const perRecordRatio = full.total.cpuMs / largeRecords / (baseline.total.cpuMs / smallRecords)
report(`validateRoster (medians of ${RUNS} runs)`, [
  ['baseline size', `${fmt(smallRecords)} records`],
  ['baseline time', describe(baseline)],
  [
    'full size',
    `${fmt(largeRecords)} records (${fmt(large.users.length)} users, ${fmt(large.enrollments.length)} enrollments)`,
  ],
  ['full time', describe(full)],
  [
    'scaling',
    `${fmt(full.total.cpuMs / baseline.total.cpuMs)}× the baseline cpu time for ${fmt(sizeRatio)}× the records`,
  ],
  ['records / s', fmt(Math.round(largeRecords / (full.total.wallMs / 1000)))],
  ['peak RSS', `${fmt(peakRssMiB())} MiB`],
  ['goal (time)', goal('full size, indexes + rules, wall', full.total.wallMs / 1000, GOAL_MS / 1000, ' s')],
  ['goal (cpu)', goal('full size, indexes + rules, cpu', full.total.cpuMs / 1000, GOAL_MS / 1000, ' s')],
  ['goal (linear)', goal('cpu time per record, full vs baseline', perRecordRatio, LINEAR_LIMIT / 10)],
])
if (largeRecords < 1_000_000) {
  console.error(`full size too small: ${largeRecords} records`)
  process.exit(1)
}
