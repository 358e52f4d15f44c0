import type { Class } from '../../model/index.js'
import type { ResolvedTestingMeasure } from '../resolve-parameters.js'
import type { ValidationContext, ValidationRule } from '../rule.js'

/**
 * Flags testing measures the roster cannot meet: a measure whose grades no active student at a school
 * in scope has, or whose subjects or course codes no active class at a school in scope carries. The
 * district promised to administer it, yet it would reach nobody — most often a grade or subject
 * written differently from the SIS (`3` for `03`, `Math` for `Mathematics`) or a school the source
 * does not share. Skipped for delta rosters (they carry changes only) and for collections that were
 * not read completely.
 */
export const testingMeasureReachRule: ValidationRule = {
  name: 'testing-measure-reach',
  check(ctx) {
    const { parameters, roster, scope } = ctx
    if (parameters.testingMeasures.length === 0 || roster.mode === 'delta') return
    const complete = (name: 'users' | 'classes' | 'courses'): boolean => roster.completeness[name]?.complete !== false
    const students = [...scope.studentsInScope, ...scope.studentsOutsideMeasures]
    // No students at all is its own roster-level error (`no_students`): do not repeat it per measure.
    const gradesKnown = complete('users') && students.length > 0
    const gradesPresent = new Set<string>()
    if (gradesKnown) for (const student of students) for (const grade of student.grades) gradesPresent.add(grade)
    const classesKnown = complete('classes') && complete('courses')
    const classes = classesKnown
      ? roster.classes.filter((c) => c.status === 'active' && scope.isSchoolInScope(c.schoolSourcedId))
      : []
    parameters.testingMeasures.forEach((measure, i) => {
      if (gradesKnown && measure.grades !== undefined && !hasAny(measure.grades, gradesPresent)) {
        report(ctx, measure, i, 'grades', `no active student in scope is in grade ${list(measure.grades)}`)
      }
      if (!classesKnown || classes.length === 0) return
      if (measure.subjects !== undefined && !classes.some((c) => carriesSubject(ctx, c, measure.subjects!))) {
        report(
          ctx,
          measure,
          i,
          'subjects',
          `no active class in scope or its course has subject ${list(measure.subjects)}`,
        )
      }
      if (measure.courseCodes !== undefined && !classes.some((c) => hasCourseCode(ctx, c, measure.courseCodes!))) {
        report(
          ctx,
          measure,
          i,
          'courseCodes',
          `no active class in scope belongs to course ${list(measure.courseCodes)}`,
        )
      }
    })
  },
}

function report(
  ctx: ValidationContext,
  measure: ResolvedTestingMeasure,
  position: number,
  field: 'grades' | 'subjects' | 'courseCodes',
  why: string,
): void {
  ctx.report({
    code: 'testing_measure_uncovered',
    entity: 'roster',
    path: ['testingMeasures', position, field],
    message: `testing measure ${measure.id} reaches nobody: ${why}`,
  })
}

function list(values: ReadonlySet<string>): string {
  return [...values].join(' or ')
}

function hasAny(wanted: ReadonlySet<string>, present: ReadonlySet<string>): boolean {
  for (const value of wanted) if (present.has(value)) return true
  return false
}

function anyLower(values: readonly string[], wanted: ReadonlySet<string>): boolean {
  for (const value of values) if (wanted.has(value.toLowerCase())) return true
  return false
}

function carriesSubject(ctx: ValidationContext, cls: Class, subjects: ReadonlySet<string>): boolean {
  if (anyLower(cls.subjects, subjects) || anyLower(cls.subjectCodes, subjects)) return true
  const course = ctx.index.courses.get(cls.courseSourcedId)
  return course !== undefined && (anyLower(course.subjects, subjects) || anyLower(course.subjectCodes, subjects))
}

function hasCourseCode(ctx: ValidationContext, cls: Class, codes: ReadonlySet<string>): boolean {
  const code = ctx.index.courses.get(cls.courseSourcedId)?.courseCode
  return code !== undefined && codes.has(code.toLowerCase())
}
