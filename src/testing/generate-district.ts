import {
  type AcademicSession,
  type Class,
  type Course,
  createRoster,
  type Demographics,
  type Enrollment,
  type Org,
  type Roster,
  type User,
} from '../model/index.js'
import { GRADES_BY_LEVEL, HOMEROOM, PERIODS_PER_DAY, type SchoolLevel, SUBJECTS_BY_LEVEL } from './generator/catalog.js'
import { SCHOOL_NAMES, STATES, TOWN_NAMES } from './generator/names.js'
import {
  addOrgRole,
  type Family,
  makeDemographics,
  makeEmployee,
  makeGuardian,
  makeStudent,
  type PeopleContext,
  pickFamily,
} from './generator/people.js'
import { createPrng, hashSeed, type Prng } from './generator/prng.js'

/**
 * A seeded, deterministic generator of realistic canonical rosters for tests, benchmarks and demos.
 *
 * @module
 */

export type {
  ClassRename,
  DistrictChanges,
  EvolveDistrictOptions,
  EvolvedDistrict,
  SourcedIdsByCollection,
  StudentTransfer,
} from './generator/evolve-district.js'
export { evolveDistrict } from './generator/evolve-district.js'

/** How many schools of each level a generated district has. */
export interface SchoolCounts {
  /** Elementary schools (grades KG–05). */
  elementary?: number | undefined
  /** Middle schools (grades 06–08). */
  middle?: number | undefined
  /** High schools (grades 09–12). */
  high?: number | undefined
}

/** Options of {@link generateDistrict}. */
export interface GenerateDistrictOptions {
  /**
   * Seed of the generator: the same seed and options always give the same roster.
   * @default 1
   */
  seed?: number | string | undefined
  /**
   * Total number of students, spread over grades KG–12.
   * @default 1000
   */
  students?: number | undefined
  /**
   * Schools per level, or a total split about 3 : 1 : 1 between elementary, middle and high.
   * By default about one elementary school per 450 students of its grades, one middle school per 700
   * and one high school per 1,200, and at least one of each.
   */
  schools?: number | SchoolCounts | undefined
  /**
   * Students per class section.
   * @default 25
   */
  classSize?: number | undefined
  /**
   * Average number of guardians per student (fractions allowed, e.g. `1.5`). About one student in
   * seven is a sibling of an earlier one and shares that family's guardians.
   * @default 1
   */
  guardiansPerStudent?: number | undefined
  /**
   * Calendar year in which the school year starts (August); `schoolYear` is the year after.
   * @default 2024
   */
  startYear?: number | undefined
  /**
   * Whether students get demographics records.
   * @default true
   */
  withDemographics?: boolean | undefined
  /**
   * Prefix of every sourcedId, to keep several generated districts apart.
   * @default ''
   */
  idPrefix?: string | undefined
  /**
   * Share of classes that get a co-teacher (a second, non-primary teacher enrollment).
   * @default 0.1
   */
  coTeacherShare?: number | undefined
}

/** What the generator records in `roster.metadata.generator`, read back by `evolveDistrict`. */
export interface GeneratorMetadata {
  /** The seed the district was generated from. */
  seed: number | string
  /** The sourcedId prefix. */
  idPrefix: string
  /** Staff e-mail domain. */
  domain: string
  /** FIPS code of the district's state. */
  stateFips: string
  /** Calendar year the school year starts. */
  startYear: number
  /** Students per class section. */
  classSize: number
  /** Average guardians per student. */
  guardiansPerStudent: number
  /** How many times the district has been evolved. */
  generation: number
  /** Highest person number used so far, so new people get unique ids. */
  lastPersonNumber: number
}

const DAY_MS = 86_400_000
const STAMP_POOL_SIZE = 512

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}

function splitEvenly(total: number, parts: number, rng: Prng): number[] {
  const counts: number[] = []
  let left = total
  for (let i = 0; i < parts; i++) {
    const remaining = parts - i
    const fair = left / remaining
    // ±10 % noise keeps schools and grades from being identical in size.
    const n = i === parts - 1 ? left : Math.max(0, Math.min(left, Math.round(fair * (0.9 + rng.next() * 0.2))))
    counts.push(n)
    left -= n
  }
  return counts
}

function resolveSchoolCounts(
  option: GenerateDistrictOptions['schools'],
  studentsByLevel: Readonly<Record<SchoolLevel, number>>,
): Record<SchoolLevel, number> {
  if (typeof option === 'number') {
    const total = Math.max(3, Math.floor(option))
    const middle = Math.max(1, Math.round(total / 5))
    const high = Math.max(1, Math.round(total / 5))
    return { elementary: Math.max(1, total - middle - high), middle, high }
  }
  return {
    elementary: Math.max(0, option?.elementary ?? Math.max(1, Math.round(studentsByLevel.elementary / 450))),
    middle: Math.max(0, option?.middle ?? Math.max(1, Math.round(studentsByLevel.middle / 700))),
    high: Math.max(0, option?.high ?? Math.max(1, Math.round(studentsByLevel.high / 1200))),
  }
}

interface SchoolPlan {
  org: Org
  level: SchoolLevel
  /** Teachers of this school, for picking co-teachers. */
  teachers: User[]
}

/** Teachers of one department (or elementary specialty) at one school, filled up to a load. */
interface Department {
  teacher: User | undefined
  sections: number
}

/**
 * Generates a realistic district as a canonical `Roster`: a district org; elementary, middle and
 * high schools with identifiers; a school year with two semesters and four grading periods; courses
 * by subject and grade; homerooms and subject classes for every elementary class group and scheduled
 * classes with periods for middle and high schools; teachers (some classes co-taught), students with
 * CEDS grades, state ids and e-mails, enrollments, guardians linked both ways through
 * `agentSourcedIds`, school and district administrators, counselors and demographics.
 *
 * Deterministic: the same options give a roster whose `JSON.stringify` is identical, with every
 * `dateLastModified` and `pulledAt` derived from the seed, never from the clock. Built for scale:
 * about 100,000 users and 1,000,000 enrollments take a few seconds.
 *
 * @param options - size and shape of the district
 * @returns a complete, `bulk` roster whose `source.kind` is `generated`
 * @example
 * ```ts
 * const roster = generateDistrict({ seed: 42, students: 500 })
 * ```
 */
export function generateDistrict(options: GenerateDistrictOptions = {}): Roster {
  const seed = options.seed ?? 1
  const totalStudents = Math.max(0, Math.floor(options.students ?? 1000))
  const classSize = Math.max(1, Math.floor(options.classSize ?? 25))
  const guardiansPerStudent = Math.max(0, options.guardiansPerStudent ?? 1)
  const startYear = options.startYear ?? 2024
  const withDemographics = options.withDemographics ?? true
  const p = options.idPrefix ?? ''
  const coTeacherShare = options.coTeacherShare ?? 0.1

  const rng = createPrng(seed)
  const town = rng.pick(TOWN_NAMES)
  const [stateAbbr, stateFips] = rng.pick(STATES)
  const domain = `${town.toLowerCase().replace(/[^a-z]/g, '')}.example.org`
  const leaId = `${stateFips}${String(10000 + rng.int(89999))}`

  // Every timestamp comes from a pool anchored on a seed-derived date, so output never depends on the clock.
  const baseMs = Date.UTC(startYear, 6, 1) + (hashSeed(seed) % 28) * DAY_MS
  const stampPool: string[] = []
  for (let i = 0; i < STAMP_POOL_SIZE; i++) {
    stampPool.push(
      new Date(baseMs + Math.floor((i / STAMP_POOL_SIZE) * 45 * DAY_MS) + rng.int(3600) * 1000).toISOString(),
    )
  }
  const stamp = (): string => stampPool[rng.int(STAMP_POOL_SIZE)] as string
  const pulledAt = new Date(baseMs + 50 * DAY_MS + 6 * 3600 * 1000).toISOString()
  const people: PeopleContext = { rng, domain, stateFips, stamp }

  // --- orgs ---
  const districtId = `${p}org-d1`
  const district: Org = {
    sourcedId: districtId,
    status: 'active',
    dateLastModified: stamp(),
    name: rng.chance(0.5) ? `${town} Unified School District` : `${town} Public Schools`,
    type: 'district',
    identifier: leaId,
    ncesId: leaId,
    stateId: `${stateAbbr}-${leaId.slice(2)}`,
  }
  const gradeCount = 13
  const studentsByLevel: Record<SchoolLevel, number> = {
    elementary: Math.round((totalStudents * 6) / gradeCount),
    middle: Math.round((totalStudents * 3) / gradeCount),
    high: 0,
  }
  studentsByLevel.high = totalStudents - studentsByLevel.elementary - studentsByLevel.middle
  const schoolCounts = resolveSchoolCounts(options.schools, studentsByLevel)
  const levels: SchoolLevel[] = (['elementary', 'middle', 'high'] as const).filter((l) => schoolCounts[l] > 0)
  // Students of a level with no school go to the levels that have schools.
  if (levels.length > 0) {
    let orphaned = 0
    for (const level of ['elementary', 'middle', 'high'] as const) {
      if (schoolCounts[level] === 0) {
        orphaned += studentsByLevel[level]
        studentsByLevel[level] = 0
      }
    }
    studentsByLevel[levels[0] as SchoolLevel] += orphaned
  }

  const nameOrder = SCHOOL_NAMES.map((name, i) => ({ name, key: hashSeed(`${seed}/${i}`) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.name)
  const orgs: Org[] = [district]
  const schools: SchoolPlan[] = []
  const levelSuffix: Record<SchoolLevel, string> = {
    elementary: 'Elementary School',
    middle: 'Middle School',
    high: 'High School',
  }
  let schoolNumber = 0
  for (const level of levels) {
    for (let i = 0; i < schoolCounts[level]; i++) {
      const n = schoolNumber++
      const base = nameOrder[n % nameOrder.length] as string
      const round = Math.floor(n / nameOrder.length)
      const localNumber = `${level === 'elementary' ? 1 : level === 'middle' ? 2 : 3}${twoDigits(i + 1)}`
      const org: Org = {
        sourcedId: `${p}org-s${n + 1}`,
        status: 'active',
        dateLastModified: stamp(),
        name: `${base}${round > 0 ? ` ${round + 1}` : ''} ${levelSuffix[level]}`,
        type: 'school',
        identifier: localNumber,
        ncesId: `${leaId}${String(n + 1).padStart(5, '0')}`,
        stateId: `${stateAbbr}-${leaId.slice(2)}-${String(n + 1).padStart(4, '0')}`,
        parentSourcedId: districtId,
      }
      orgs.push(org)
      schools.push({ org, level, teachers: [] })
    }
  }

  // --- academic sessions ---
  const endYear = startYear + 1
  const yearStart = `${startYear}-08-${twoDigits(rng.between(19, 26))}`
  const yearEnd = `${endYear}-06-${twoDigits(rng.between(10, 17))}`
  const semesterBreak = `${endYear}-01-${twoDigits(rng.between(13, 20))}`
  const q1End = `${startYear}-10-${twoDigits(rng.between(18, 25))}`
  const q3End = `${endYear}-03-${twoDigits(rng.between(20, 27))}`
  const yearId = `${p}as-${endYear}`
  const session = (
    id: string,
    title: string,
    type: AcademicSession['type'],
    startDate: string,
    endDate: string,
    parent?: string,
  ): AcademicSession => {
    const s: AcademicSession = {
      sourcedId: id,
      status: 'active',
      dateLastModified: stamp(),
      title,
      type,
      startDate,
      endDate,
      schoolYear: String(endYear),
      orgSourcedId: districtId,
    }
    if (parent !== undefined) s.parentSourcedId = parent
    return s
  }
  const fallId = `${yearId}-s1`
  const springId = `${yearId}-s2`
  const academicSessions: AcademicSession[] = [
    session(yearId, `${startYear}-${endYear} School Year`, 'schoolYear', yearStart, yearEnd),
    session(fallId, `Fall ${startYear}`, 'semester', yearStart, semesterBreak, yearId),
    session(springId, `Spring ${endYear}`, 'semester', semesterBreak, yearEnd, yearId),
    session(`${yearId}-q1`, `Quarter 1 ${startYear}-${endYear}`, 'gradingPeriod', yearStart, q1End, fallId),
    session(`${yearId}-q2`, `Quarter 2 ${startYear}-${endYear}`, 'gradingPeriod', q1End, semesterBreak, fallId),
    session(`${yearId}-q3`, `Quarter 3 ${startYear}-${endYear}`, 'gradingPeriod', semesterBreak, q3End, springId),
    session(`${yearId}-q4`, `Quarter 4 ${startYear}-${endYear}`, 'gradingPeriod', q3End, yearEnd, springId),
  ]
  const yearTerms = [fallId, springId]

  // --- courses (a district catalogue, one per subject and grade) ---
  const courses: Course[] = []
  const courseIds = new Map<string, string>()
  for (const level of levels) {
    const subjects = level === 'elementary' ? [HOMEROOM, ...SUBJECTS_BY_LEVEL[level]] : SUBJECTS_BY_LEVEL[level]
    for (const grade of GRADES_BY_LEVEL[level]) {
      for (const subject of subjects) {
        const code = `${subject.code}-${grade}`
        const id = `${p}crs-${code}`
        courseIds.set(code, id)
        courses.push({
          sourcedId: id,
          status: 'active',
          dateLastModified: stamp(),
          title: subject.title(grade),
          courseCode: code,
          schoolYearSourcedId: yearId,
          grades: [grade],
          subjects: [subject.subject],
          subjectCodes: [subject.scedArea],
          orgSourcedId: districtId,
        })
      }
    }
  }

  // --- people, classes, enrollments ---
  const admins: User[] = []
  const teachers: User[] = []
  const students: User[] = []
  const guardians: User[] = []
  const demographics: Demographics[] = []
  const classes: Class[] = []
  const enrollments: Enrollment[] = []
  const families: Family[] = []
  let personNumber = 0
  let classNumber = 0
  let enrollmentNumber = 0
  let studentNumber = 0
  let guardianNumber = 0

  const enroll = (user: User, cls: Class, role: 'student' | 'teacher', primary: boolean): void => {
    const e: Enrollment = {
      sourcedId: `${p}enr-${++enrollmentNumber}`,
      status: 'active',
      dateLastModified: stamp(),
      userSourcedId: user.sourcedId,
      classSourcedId: cls.sourcedId,
      schoolSourcedId: cls.schoolSourcedId,
      role,
      beginDate: yearStart,
      endDate: yearEnd,
    }
    if (role === 'teacher') e.primary = primary
    enrollments.push(e)
  }
  const newTeacher = (school: SchoolPlan): User => {
    const n = ++personNumber
    const t = makeEmployee(people, `${p}tch-${n}`, n, school.org.sourcedId, 'teacher')
    teachers.push(t)
    school.teachers.push(t)
    return t
  }
  const newClass = (
    school: SchoolPlan,
    courseCode: string,
    title: string,
    section: number,
    classType: 'homeroom' | 'scheduled',
    subject: { subject: string; scedArea: string },
    grade: string,
    periods: string[],
    room: number,
  ): Class => {
    const cls: Class = {
      sourcedId: `${p}cls-${++classNumber}`,
      status: 'active',
      dateLastModified: stamp(),
      title: `${title} - ${section + 1}`,
      classCode: `${school.org.identifier}-${courseCode}-${twoDigits(section + 1)}`,
      classType,
      location: `Room ${room}`,
      grades: [grade],
      subjects: [subject.subject],
      subjectCodes: [subject.scedArea],
      periods,
      courseSourcedId: courseIds.get(courseCode) as string,
      schoolSourcedId: school.org.sourcedId,
      termSourcedIds: yearTerms,
    }
    classes.push(cls)
    return cls
  }
  const addCoTeacher = (school: SchoolPlan, cls: Class, primary: User): void => {
    if (school.teachers.length < 2 || !rng.chance(coTeacherShare)) return
    let co = rng.pick(school.teachers)
    if (co === primary) co = school.teachers[(school.teachers.indexOf(co) + 1) % school.teachers.length] as User
    enroll(co, cls, 'teacher', false)
  }
  const familyFor = (schoolId: string): Family => {
    // About one student in seven is a sibling of an earlier student, possibly at another school.
    if (families.length > 0 && rng.chance(0.15)) {
      const family = families[rng.int(families.length)] as Family
      for (const g of family.guardians) addOrgRole(g, schoolId)
      return family
    }
    const family: Family = { familyIndex: pickFamily(rng), guardians: [] }
    const count = Math.floor(guardiansPerStudent) + (rng.chance(guardiansPerStudent % 1) ? 1 : 0)
    for (let i = 0; i < count; i++) {
      const n = ++personNumber
      const g = makeGuardian(people, `${p}grd-${++guardianNumber}`, n, schoolId, family.familyIndex)
      family.guardians.push(g)
      guardians.push(g)
    }
    families.push(family)
    return family
  }

  // District office.
  for (let i = 0; i < 2; i++) {
    const n = ++personNumber
    admins.push(makeEmployee(people, `${p}adm-${n}`, n, districtId, 'districtAdministrator'))
  }

  const levelSchools = (level: SchoolLevel): SchoolPlan[] => schools.filter((s) => s.level === level)
  for (const level of levels) {
    const inLevel = levelSchools(level)
    const perSchool = splitEvenly(studentsByLevel[level], inLevel.length, rng)
    const grades = GRADES_BY_LEVEL[level]
    const subjects = SUBJECTS_BY_LEVEL[level]
    inLevel.forEach((school, schoolIndex) => {
      const schoolId = school.org.sourcedId
      const principalNumber = ++personNumber
      admins.push(makeEmployee(people, `${p}adm-${principalNumber}`, principalNumber, schoolId, 'principal'))
      const counselorNumber = ++personNumber
      admins.push(makeEmployee(people, `${p}stf-${counselorNumber}`, counselorNumber, schoolId, 'counselor'))

      const departments = new Map<string, Department>()
      const departmentTeacher = (key: string, load: number): User => {
        let dept = departments.get(key)
        if (!dept) {
          dept = { teacher: undefined, sections: 0 }
          departments.set(key, dept)
        }
        if (dept.teacher === undefined || dept.sections >= load) {
          dept.teacher = newTeacher(school)
          dept.sections = 0
          // Elementary specialists often serve a second school.
          if (level === 'elementary' && inLevel.length > 1 && rng.chance(0.3)) {
            addOrgRole(dept.teacher, (inLevel[(schoolIndex + 1) % inLevel.length] as SchoolPlan).org.sourcedId)
          }
        }
        dept.sections++
        return dept.teacher
      }

      const perGrade = splitEvenly(perSchool[schoolIndex] ?? 0, grades.length, rng)
      let room = 100
      grades.forEach((grade, gradeIndex) => {
        const count = perGrade[gradeIndex] ?? 0
        if (count === 0) return
        const gradeStudents: User[] = []
        for (let i = 0; i < count; i++) {
          const family = familyFor(schoolId)
          const number = ++studentNumber
          const n = ++personNumber
          const student = makeStudent(people, `${p}stu-${number}`, n, schoolId, grade, family.familyIndex)
          for (const g of family.guardians) {
            student.agentSourcedIds.push(g.sourcedId)
            g.agentSourcedIds.push(student.sourcedId)
          }
          students.push(student)
          gradeStudents.push(student)
          if (withDemographics) demographics.push(makeDemographics(people, student, grade, startYear))
        }
        const sections = Math.ceil(count / classSize)
        if (level === 'elementary') {
          // One class group per section: a homeroom and the core subjects with one teacher, specials with specialists.
          for (let s = 0; s < sections; s++) {
            const teacher = newTeacher(school)
            const groupRoom = ++room
            const group: User[] = []
            for (let j = s; j < count; j += sections) group.push(gradeStudents[j] as User)
            const homeroom = newClass(
              school,
              `${HOMEROOM.code}-${grade}`,
              HOMEROOM.title(grade),
              s,
              'homeroom',
              HOMEROOM,
              grade,
              ['HR'],
              groupRoom,
            )
            enroll(teacher, homeroom, 'teacher', true)
            for (const student of group) enroll(student, homeroom, 'student', false)
            subjects.forEach((subject, k) => {
              const special = subject.kind === 'special'
              const classTeacher = special ? departmentTeacher(subject.code, 24) : teacher
              const cls = newClass(
                school,
                `${subject.code}-${grade}`,
                subject.title(grade),
                s,
                'scheduled',
                subject,
                grade,
                [String(k + 1)],
                special ? 900 + k : groupRoom,
              )
              enroll(classTeacher, cls, 'teacher', true)
              addCoTeacher(school, cls, classTeacher)
              for (const student of group) enroll(student, cls, 'student', false)
            })
          }
        } else {
          subjects.forEach((subject, k) => {
            const sectionStudents: User[][] = Array.from({ length: sections }, () => [])
            // Rotate students between subjects so each class has a different mix.
            for (let j = 0; j < count; j++) {
              const section = ((j % sections) + Math.floor(j / sections) * k) % sections
              ;(sectionStudents[section] as User[]).push(gradeStudents[j] as User)
            }
            for (let s = 0; s < sections; s++) {
              const teacher = departmentTeacher(subject.code, 5)
              const cls = newClass(
                school,
                `${subject.code}-${grade}`,
                subject.title(grade),
                s,
                'scheduled',
                subject,
                grade,
                [String(((k + s) % PERIODS_PER_DAY) + 1)],
                100 * (k + 1) + (s % 40),
              )
              enroll(teacher, cls, 'teacher', true)
              addCoTeacher(school, cls, teacher)
              for (const student of sectionStudents[s] as User[]) enroll(student, cls, 'student', false)
            }
          })
        }
      })
    })
  }

  const metadata: GeneratorMetadata = {
    seed,
    idPrefix: p,
    domain,
    stateFips,
    startYear,
    classSize,
    guardiansPerStudent,
    generation: 0,
    lastPersonNumber: personNumber,
  }
  return createRoster({
    source: { kind: 'generated', version: '1.2', label: district.name },
    pulledAt,
    mode: 'bulk',
    orgs,
    academicSessions,
    courses,
    classes,
    users: [...admins, ...teachers, ...students, ...guardians],
    enrollments,
    demographics,
    cursor: pulledAt,
    metadata: { generator: metadata },
  })
}
