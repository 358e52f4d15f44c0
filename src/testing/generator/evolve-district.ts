import {
  type Class,
  createRoster,
  type Demographics,
  type Enrollment,
  indexRoster,
  ROSTER_COLLECTIONS,
  type Roster,
  type RosterCollection,
  type User,
} from '../../model/index.js'
import type { GeneratorMetadata } from '../generate-district.js'
import {
  addOrgRole,
  makeDemographics,
  makeEmployee,
  makeGuardian,
  makeStudent,
  type PeopleContext,
  pickFamily,
} from './people.js'
import { createPrng, type Prng } from './prng.js'

/**
 * Realistic changes to a generated district between two pulls, for incremental-sync demos and tests.
 *
 * @module
 */

/** Options of {@link evolveDistrict}: how many of each change to make. */
export interface EvolveDistrictOptions {
  /**
   * Seed of the changes. By default derived from the district's seed and generation, so evolving the
   * same roster twice gives the same result.
   */
  seed?: number | string | undefined
  /**
   * Students who enrol (with new guardians and demographics).
   * @default 0
   */
  newStudents?: number | undefined
  /**
   * Students who move to another school that serves their grade (fewer when no other school
   * serves the grades picked).
   * @default 0
   */
  transfers?: number | undefined
  /**
   * Students who leave the district; guardians with no other student leave with them.
   * @default 0
   */
  withdrawals?: number | undefined
  /**
   * Teachers hired, each co-teaching one to three classes at one school.
   * @default 0
   */
  newTeachers?: number | undefined
  /**
   * Classes whose title and room change.
   * @default 0
   */
  renamedClasses?: number | undefined
  /**
   * How the new bulk roster shows deleted records: `tobedeleted` keeps them with that status (as
   * OneRoster REST does), `absent` leaves them out (as a full CSV export does). The delta roster always
   * carries them as `tobedeleted`.
   * @default 'tobedeleted'
   */
  deletions?: 'tobedeleted' | 'absent' | undefined
}

/** A student's move between schools. */
export interface StudentTransfer {
  /** The student. */
  userSourcedId: string
  /** The school left. */
  fromSchoolSourcedId: string
  /** The school joined. */
  toSchoolSourcedId: string
}

/** A class's change of title. */
export interface ClassRename {
  /** The class. */
  classSourcedId: string
  /** Title before. */
  from: string
  /** Title after. */
  to: string
}

/** Per collection, the sourcedIds of records. */
export type SourcedIdsByCollection = Record<RosterCollection, string[]>

/** What {@link evolveDistrict} changed. */
export interface DistrictChanges {
  /** Students who enrolled. */
  newStudents: string[]
  /** Guardians created for new students. */
  newGuardians: string[]
  /** Students who moved schools. */
  transfers: StudentTransfer[]
  /** Students who left. */
  withdrawals: string[]
  /** Guardians who left with their last student. */
  withdrawnGuardians: string[]
  /** Teachers hired. */
  newTeachers: string[]
  /** Classes renamed. */
  renamedClasses: ClassRename[]
  /** Records created, per collection. */
  created: SourcedIdsByCollection
  /** Records changed (not created, not deleted), per collection. */
  updated: SourcedIdsByCollection
  /** Records deleted, per collection. */
  deleted: SourcedIdsByCollection
}

/** Result of {@link evolveDistrict}. */
export interface EvolvedDistrict {
  /** The whole district after the changes, in `bulk` mode. */
  roster: Roster
  /** Only the created, changed and deleted (`tobedeleted`) records, in `delta` mode. */
  delta: Roster
  /** What changed. */
  changes: DistrictChanges
}

const DAY_MS = 86_400_000
const RENAME_SUFFIXES = ['Honors', 'Team A', 'Team B', 'Block 2', 'Inclusion', 'Accelerated']

function emptyIds(): SourcedIdsByCollection {
  const ids = {} as SourcedIdsByCollection
  for (const name of ROSTER_COLLECTIONS) ids[name] = []
  return ids
}

function readMetadata(roster: Roster): GeneratorMetadata {
  const meta = roster.metadata?.generator as Partial<GeneratorMetadata> | undefined
  const year = roster.academicSessions.find((s) => s.type === 'schoolYear')
  return {
    seed: meta?.seed ?? 1,
    idPrefix: meta?.idPrefix ?? '',
    domain: meta?.domain ?? 'district.example.org',
    stateFips: meta?.stateFips ?? '00',
    startYear: meta?.startYear ?? (year ? Number(year.schoolYear) - 1 : 2024),
    classSize: meta?.classSize ?? 25,
    guardiansPerStudent: meta?.guardiansPerStudent ?? 1,
    generation: meta?.generation ?? 0,
    lastPersonNumber: meta?.lastPersonNumber ?? roster.users.length * 10,
  }
}

/**
 * Applies realistic changes to a district made by `generateDistrict` (or any canonical roster):
 * new students with guardians, transfers between schools, withdrawals, new teachers and renamed
 * classes. The input roster is not modified; unchanged records are shared with the result. Every
 * changed record gets a `dateLastModified` after the input's `pulledAt`, so a `dateLastModified`
 * filter at the old `pulledAt` finds exactly the changes.
 *
 * @param roster - the district before the changes
 * @param options - how many changes of each kind
 * @returns the new bulk roster, a delta roster of just the changes, and a description of them
 * @example
 * ```ts
 * const { roster: next, changes } = evolveDistrict(generateDistrict({ seed: 7 }), { withdrawals: 3, newStudents: 5 })
 * ```
 */
export function evolveDistrict(roster: Roster, options: EvolveDistrictOptions = {}): EvolvedDistrict {
  const meta = readMetadata(roster)
  const generation = meta.generation + 1
  const rng: Prng = createPrng(options.seed ?? `${meta.seed}/evolve/${generation}`)
  const deletionMode = options.deletions ?? 'tobedeleted'
  const p = meta.idPrefix
  const tag = `g${generation}`
  const changeMs = Date.parse(roster.pulledAt) + DAY_MS
  const stamp = (): string => new Date(changeMs + rng.int(8 * 3600) * 1000).toISOString()
  const pulledAt = new Date(changeMs + DAY_MS).toISOString()
  const people: PeopleContext = { rng, domain: meta.domain, stateFips: meta.stateFips, stamp }
  const index = indexRoster(roster)
  const changes: DistrictChanges = {
    newStudents: [],
    newGuardians: [],
    transfers: [],
    withdrawals: [],
    withdrawnGuardians: [],
    newTeachers: [],
    renamedClasses: [],
    created: emptyIds(),
    updated: emptyIds(),
    deleted: emptyIds(),
  }

  // Changed records by sourcedId; the originals are replaced in one pass at the end.
  const userChanges = new Map<string, User>()
  const classChanges = new Map<string, Class>()
  const deletedEnrollments = new Set<string>()
  const deletedDemographics = new Set<string>()
  const newUsers: User[] = []
  const newEnrollments: Enrollment[] = []
  const newDemographics: Demographics[] = []
  const touched = new Set<string>()
  let personNumber = meta.lastPersonNumber
  let enrollmentNumber = 0
  let userNumber = 0

  const current = (id: string): User | undefined => userChanges.get(id) ?? index.users.get(id)
  const edit = (id: string): User | undefined => {
    const existing = userChanges.get(id)
    if (existing) return existing
    const original = index.users.get(id)
    if (!original) return undefined
    const copy: User = {
      ...original,
      roles: original.roles.map((r) => ({ ...r })),
      agentSourcedIds: [...original.agentSourcedIds],
      dateLastModified: stamp(),
    }
    userChanges.set(id, copy)
    return copy
  }

  // Classes by school and course, in roster order, so placements pick a section of each course.
  const classesBySchoolCourse = new Map<string, Class[]>()
  const gradesBySchool = new Map<string, Set<string>>()
  for (const cls of roster.classes) {
    if (cls.status !== 'active') continue
    const key = `${cls.schoolSourcedId}|${cls.courseSourcedId}`
    const list = classesBySchoolCourse.get(key)
    if (list) list.push(cls)
    else classesBySchoolCourse.set(key, [cls])
    let grades = gradesBySchool.get(cls.schoolSourcedId)
    if (!grades) {
      grades = new Set()
      gradesBySchool.set(cls.schoolSourcedId, grades)
    }
    for (const g of cls.grades) grades.add(g)
  }
  const schoolIds = [...gradesBySchool.keys()]

  const place = (student: User, schoolId: string, grade: string): void => {
    const section = rng.int(1000)
    for (const [key, list] of classesBySchoolCourse) {
      if (!key.startsWith(`${schoolId}|`)) continue
      const cls = list[section % list.length] as Class
      if (!cls.grades.includes(grade)) continue
      const e: Enrollment = {
        sourcedId: `${p}enr-${tag}-${++enrollmentNumber}`,
        status: 'active',
        dateLastModified: stamp(),
        userSourcedId: student.sourcedId,
        classSourcedId: cls.sourcedId,
        schoolSourcedId: schoolId,
        role: 'student',
      }
      newEnrollments.push(e)
      changes.created.enrollments.push(e.sourcedId)
    }
  }

  const activeStudents = (index.usersByCategory.get('student') ?? []).filter(
    (u) => u.status === 'active' && u.roles[0]?.role === 'student',
  )
  const pickStudent = (): User | undefined => {
    for (let attempt = 0; attempt < 50 && activeStudents.length > 0; attempt++) {
      const s = activeStudents[rng.int(activeStudents.length)] as User
      if (!touched.has(s.sourcedId)) {
        touched.add(s.sourcedId)
        return s
      }
    }
    return undefined
  }
  const dropEnrollments = (userId: string, onlySchool?: string): void => {
    for (const e of index.enrollmentsByUser.get(userId) ?? []) {
      if (e.status !== 'active' || (onlySchool !== undefined && e.schoolSourcedId !== onlySchool)) continue
      deletedEnrollments.add(e.sourcedId)
    }
  }

  // Withdrawals.
  for (let i = 0; i < (options.withdrawals ?? 0); i++) {
    const student = pickStudent()
    if (!student) break
    const withdrawn = edit(student.sourcedId) as User
    withdrawn.status = 'tobedeleted'
    changes.withdrawals.push(student.sourcedId)
    dropEnrollments(student.sourcedId)
    if (index.demographics.has(student.sourcedId)) deletedDemographics.add(student.sourcedId)
    for (const guardianId of student.agentSourcedIds) {
      const guardian = edit(guardianId)
      if (!guardian) continue
      guardian.agentSourcedIds = guardian.agentSourcedIds.filter((id) => id !== student.sourcedId)
      const stillActive = guardian.agentSourcedIds.some((id) => current(id)?.status === 'active')
      if (!stillActive && guardian.status === 'active') {
        guardian.status = 'tobedeleted'
        changes.withdrawnGuardians.push(guardianId)
      }
    }
  }

  // Transfers.
  // Only students whose grade another school serves can move; give up after enough misses.
  const wantedTransfers = options.transfers ?? 0
  for (let attempt = 0; changes.transfers.length < wantedTransfers && attempt < wantedTransfers * 50; attempt++) {
    const student = pickStudent()
    if (!student) break
    const from = student.primaryOrgSourcedId ?? student.roles[0]?.orgSourcedId
    const grade = student.grades[0]
    if (from === undefined || grade === undefined) continue
    const targets = schoolIds.filter((id) => id !== from && gradesBySchool.get(id)?.has(grade))
    if (targets.length === 0) {
      touched.delete(student.sourcedId)
      continue
    }
    const to = rng.pick(targets)
    const moved = edit(student.sourcedId) as User
    moved.roles = [{ roleType: 'primary', role: 'student', orgSourcedId: to }]
    moved.primaryOrgSourcedId = to
    dropEnrollments(student.sourcedId, from)
    place(moved, to, grade)
    for (const guardianId of student.agentSourcedIds) {
      const guardian = edit(guardianId)
      if (guardian) addOrgRole(guardian, to)
    }
    changes.transfers.push({ userSourcedId: student.sourcedId, fromSchoolSourcedId: from, toSchoolSourcedId: to })
  }

  // New students with new families.
  const withDemographics = roster.demographics.length > 0
  for (let i = 0; i < (options.newStudents ?? 0) && schoolIds.length > 0; i++) {
    const schoolId = rng.pick(schoolIds)
    const grade = rng.pick([...(gradesBySchool.get(schoolId) ?? [])].sort())
    const familyIndex = pickFamily(rng)
    const n = ++personNumber
    const student = makeStudent(people, `${p}stu-${tag}-${++userNumber}`, n, schoolId, grade, familyIndex)
    const count = Math.floor(meta.guardiansPerStudent) + (rng.chance(meta.guardiansPerStudent % 1) ? 1 : 0)
    for (let g = 0; g < count; g++) {
      const gn = ++personNumber
      const guardian = makeGuardian(people, `${p}grd-${tag}-${++userNumber}`, gn, schoolId, familyIndex)
      guardian.agentSourcedIds.push(student.sourcedId)
      student.agentSourcedIds.push(guardian.sourcedId)
      newUsers.push(guardian)
      changes.newGuardians.push(guardian.sourcedId)
    }
    newUsers.push(student)
    changes.newStudents.push(student.sourcedId)
    if (withDemographics) {
      const d = makeDemographics(people, student, grade, meta.startYear)
      newDemographics.push(d)
      changes.created.demographics.push(d.sourcedId)
    }
    place(student, schoolId, grade)
  }

  // New teachers co-teach a few classes at one school.
  for (let i = 0; i < (options.newTeachers ?? 0) && schoolIds.length > 0; i++) {
    const schoolId = rng.pick(schoolIds)
    const n = ++personNumber
    const teacher = makeEmployee(people, `${p}tch-${tag}-${++userNumber}`, n, schoolId, 'teacher')
    newUsers.push(teacher)
    changes.newTeachers.push(teacher.sourcedId)
    const schoolClasses = index.classesBySchool.get(schoolId) ?? []
    const count = Math.min(schoolClasses.length, rng.between(1, 3))
    const chosen = new Set<Class>()
    while (chosen.size < count) chosen.add(rng.pick(schoolClasses))
    for (const cls of chosen) {
      const e: Enrollment = {
        sourcedId: `${p}enr-${tag}-${++enrollmentNumber}`,
        status: 'active',
        dateLastModified: stamp(),
        userSourcedId: teacher.sourcedId,
        classSourcedId: cls.sourcedId,
        schoolSourcedId: schoolId,
        role: 'teacher',
        primary: false,
      }
      newEnrollments.push(e)
      changes.created.enrollments.push(e.sourcedId)
    }
  }
  for (const u of newUsers) changes.created.users.push(u.sourcedId)

  // Renamed classes.
  const activeClasses = roster.classes.filter((c) => c.status === 'active')
  for (let i = 0; i < (options.renamedClasses ?? 0) && classChanges.size < activeClasses.length; i++) {
    let cls = rng.pick(activeClasses)
    while (classChanges.has(cls.sourcedId)) cls = rng.pick(activeClasses)
    const to = `${cls.title} (${rng.pick(RENAME_SUFFIXES)})`
    classChanges.set(cls.sourcedId, {
      ...cls,
      title: to,
      location: `Room ${rng.between(100, 499)}`,
      dateLastModified: stamp(),
    })
    changes.renamedClasses.push({ classSourcedId: cls.sourcedId, from: cls.title, to })
    changes.updated.classes.push(cls.sourcedId)
  }

  // One pass per collection replaces changed records and applies deletions.
  const keep = deletionMode === 'tobedeleted'
  const users: User[] = []
  const deltaUsers: User[] = []
  for (const u of roster.users) {
    const changed = userChanges.get(u.sourcedId)
    if (!changed) {
      users.push(u)
      continue
    }
    deltaUsers.push(changed)
    if (changed.status === 'tobedeleted' && u.status === 'active') changes.deleted.users.push(u.sourcedId)
    else changes.updated.users.push(u.sourcedId)
    if (keep || changed.status === 'active') users.push(changed)
  }
  users.push(...newUsers)
  deltaUsers.push(...newUsers)

  const deletedStamp = stamp()
  const [enrollments, deltaEnrollments] = withDeletions(
    roster.enrollments,
    deletedEnrollments,
    newEnrollments,
    deletedStamp,
    keep,
    changes.deleted.enrollments,
  )
  const [demographics, deltaDemographics] = withDeletions(
    roster.demographics,
    deletedDemographics,
    newDemographics,
    deletedStamp,
    keep,
    changes.deleted.demographics,
  )

  const classes = roster.classes.map((c) => classChanges.get(c.sourcedId) ?? c)
  const deltaClasses = [...classChanges.values()]

  const nextMeta: GeneratorMetadata = { ...meta, generation, lastPersonNumber: personNumber }
  const metadata = { ...roster.metadata, generator: nextMeta }
  const next = createRoster({
    source: roster.source,
    pulledAt,
    mode: 'bulk',
    orgs: roster.orgs,
    academicSessions: roster.academicSessions,
    courses: roster.courses,
    classes,
    users,
    enrollments,
    demographics,
    cursor: pulledAt,
    metadata,
  })
  const delta = createRoster({
    source: roster.source,
    pulledAt,
    mode: 'delta',
    orgs: [],
    academicSessions: [],
    courses: [],
    classes: deltaClasses,
    users: deltaUsers,
    enrollments: deltaEnrollments,
    demographics: deltaDemographics,
    cursor: pulledAt,
    metadata,
  })
  return { roster: next, delta, changes }
}

/**
 * The next state of one collection and its delta: records in `deleted` become `tobedeleted` copies
 * (kept in the full roster only when `keep`, i.e. the SIS reports deletions rather than dropping
 * rows), and `added` records join both. Deleted ids are appended to `deletedIds`.
 */
function withDeletions<T extends { sourcedId: string; status: string; dateLastModified?: string | undefined }>(
  records: readonly T[],
  deleted: ReadonlySet<string>,
  added: readonly T[],
  stamp: string,
  keep: boolean,
  deletedIds: string[],
): [T[], T[]] {
  const next: T[] = []
  const delta: T[] = []
  for (const record of records) {
    if (!deleted.has(record.sourcedId)) {
      next.push(record)
      continue
    }
    const gone: T = { ...record, status: 'tobedeleted', dateLastModified: stamp }
    delta.push(gone)
    deletedIds.push(record.sourcedId)
    if (keep) next.push(gone)
  }
  next.push(...added)
  delta.push(...added)
  return [next, delta]
}
