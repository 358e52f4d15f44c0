/**
 * The course catalogue of a generated district: which grades each school level serves, and which
 * subjects each grade takes, with SCED subject-area codes.
 *
 * @module
 */

/** School levels the generator builds. */
export type SchoolLevel = 'elementary' | 'middle' | 'high'

/** CEDS grades served by each level. */
export const GRADES_BY_LEVEL: Readonly<Record<SchoolLevel, readonly string[]>> = {
  elementary: ['KG', '01', '02', '03', '04', '05'],
  middle: ['06', '07', '08'],
  high: ['09', '10', '11', '12'],
}

/** One subject a grade takes. */
export interface SubjectSpec {
  /** Short code used in course codes, e.g. `MATH`. */
  code: string
  /** Human-readable subject. */
  subject: string
  /** SCED subject area code. */
  scedArea: string
  /** Course title for a grade. */
  title: (grade: string) => string
  /**
   * Elementary only: `core` subjects are taught by the homeroom teacher to the homeroom group,
   * `special` ones by a specialist who sees many groups.
   */
  kind?: 'core' | 'special'
}

const gradeLabel = (grade: string): string => (grade === 'KG' ? 'Kindergarten' : `Grade ${Number(grade)}`)

const HIGH_MATH: Readonly<Record<string, string>> = {
  '09': 'Algebra I',
  '10': 'Geometry',
  '11': 'Algebra II',
  '12': 'Precalculus',
}
const HIGH_SCIENCE: Readonly<Record<string, string>> = {
  '09': 'Biology',
  '10': 'Chemistry',
  '11': 'Physics',
  '12': 'Environmental Science',
}
const HIGH_SOCIAL: Readonly<Record<string, string>> = {
  '09': 'World History',
  '10': 'World Geography',
  '11': 'U.S. History',
  '12': 'Government and Economics',
}
const SPANISH: Readonly<Record<string, string>> = {
  '06': 'Spanish Exploratory',
  '07': 'Spanish IA',
  '08': 'Spanish IB',
  '09': 'Spanish I',
  '10': 'Spanish II',
  '11': 'Spanish III',
  '12': 'Spanish IV',
}

/** Homeroom: the elementary class group's home class. */
export const HOMEROOM: SubjectSpec = {
  code: 'HR',
  subject: 'Homeroom',
  scedArea: '22',
  title: (g) => `Homeroom ${gradeLabel(g)}`,
}

/** Subjects per level, in period order for middle and high schools. */
export const SUBJECTS_BY_LEVEL: Readonly<Record<SchoolLevel, readonly SubjectSpec[]>> = {
  elementary: [
    {
      code: 'ELA',
      subject: 'English Language Arts',
      scedArea: '51',
      title: (g) => `ELA ${gradeLabel(g)}`,
      kind: 'core',
    },
    { code: 'MATH', subject: 'Mathematics', scedArea: '52', title: (g) => `Math ${gradeLabel(g)}`, kind: 'core' },
    { code: 'SCI', subject: 'Science', scedArea: '53', title: (g) => `Science ${gradeLabel(g)}`, kind: 'core' },
    {
      code: 'SS',
      subject: 'Social Studies',
      scedArea: '54',
      title: (g) => `Social Studies ${gradeLabel(g)}`,
      kind: 'core',
    },
    { code: 'ART', subject: 'Visual Arts', scedArea: '55', title: (g) => `Art ${gradeLabel(g)}`, kind: 'special' },
    { code: 'MUS', subject: 'Music', scedArea: '55', title: (g) => `Music ${gradeLabel(g)}`, kind: 'special' },
    {
      code: 'PE',
      subject: 'Physical Education',
      scedArea: '58',
      title: (g) => `Physical Education ${gradeLabel(g)}`,
      kind: 'special',
    },
  ],
  middle: [
    { code: 'ELA', subject: 'English Language Arts', scedArea: '01', title: (g) => `English ${Number(g)}` },
    { code: 'MATH', subject: 'Mathematics', scedArea: '02', title: (g) => `Math ${Number(g)}` },
    { code: 'SCI', subject: 'Science', scedArea: '03', title: (g) => `Science ${Number(g)}` },
    { code: 'SS', subject: 'Social Studies', scedArea: '04', title: (g) => `Social Studies ${Number(g)}` },
    { code: 'SPAN', subject: 'World Languages', scedArea: '06', title: (g) => SPANISH[g] ?? 'Spanish' },
    { code: 'PE', subject: 'Physical Education', scedArea: '08', title: (g) => `Physical Education ${Number(g)}` },
    { code: 'ART', subject: 'Visual Arts', scedArea: '05', title: (g) => `Art ${Number(g)}` },
  ],
  high: [
    { code: 'ENG', subject: 'English Language Arts', scedArea: '01', title: (g) => `English ${Number(g)}` },
    { code: 'MATH', subject: 'Mathematics', scedArea: '02', title: (g) => HIGH_MATH[g] ?? 'Mathematics' },
    { code: 'SCI', subject: 'Science', scedArea: '03', title: (g) => HIGH_SCIENCE[g] ?? 'Science' },
    { code: 'SS', subject: 'Social Studies', scedArea: '04', title: (g) => HIGH_SOCIAL[g] ?? 'Social Studies' },
    { code: 'SPAN', subject: 'World Languages', scedArea: '06', title: (g) => SPANISH[g] ?? 'Spanish' },
    { code: 'PE', subject: 'Physical Education', scedArea: '08', title: (g) => `Health and Fitness ${Number(g)}` },
    { code: 'CS', subject: 'Computer Science', scedArea: '10', title: (g) => `Computer Science ${Number(g) - 8}` },
  ],
}

/** Periods in a middle or high school day. */
export const PERIODS_PER_DAY = 7
